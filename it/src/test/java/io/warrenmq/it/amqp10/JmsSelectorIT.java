package io.warrenmq.it.amqp10;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.warrenmq.it.Await;
import io.warrenmq.it.EmbeddedBroker;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * JMS selectors ({@code apache.org:selector-filter:string}) on topic subscriptions: evaluated by
 * the broker over JMS headers and properties, from JMS and from 0-9-1 publishers; a selector that
 * does not parse is refused at attach with {@code amqp:invalid-field}; a durable subscription's
 * selector is part of it. Selectors on queue consumers are refused (not done).
 */
class JmsSelectorIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    private final List<Connection> connections = new ArrayList<>();

    @AfterEach
    void close() throws JMSException {
        for (Connection c : connections) {
            c.close();
        }
        connections.clear();
    }

    private Session session(String clientId, String options) throws JMSException {
        Connection c = new JmsConnectionFactory("guest", "guest", "amqp://127.0.0.1:" + broker.port()
                + "?jms.connectTimeout=10000" + options).createConnection();
        connections.add(c);
        if (clientId != null) {
            c.setClientID(clientId);
        }
        c.start();
        return c.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    private static List<String> drain(MessageConsumer c) throws JMSException {
        List<String> got = new ArrayList<>();
        Message m;
        while ((m = c.receive(got.isEmpty() ? 10_000 : 300)) != null) {
            got.add(((TextMessage) m).getText());
        }
        return got;
    }

    @Test
    void aTopicSubscriberGetsOnlyWhatItsSelectorSelects() throws Exception {
        Session s = session(null, "");
        Topic t = s.createTopic("shop.items");
        MessageConsumer blueBig = s.createConsumer(t, "colour = 'blue' AND size > 3");
        MessageConsumer urgent = s.createConsumer(t, "JMSPriority >= 7 OR JMSType = 'alarm'");
        MessageConsumer transientOnes = s.createConsumer(t, "JMSDeliveryMode = 'NON_PERSISTENT'");
        MessageConsumer noColour = s.createConsumer(t, "colour IS NULL");

        MessageProducer p = s.createProducer(t);
        send(s, p, "blue 5", "blue", 5, 4, null);
        send(s, p, "blue 2", "blue", 2, 4, null);
        send(s, p, "red 9", "red", 9, 9, null);
        send(s, p, "alarm", null, 0, 4, "alarm");
        p.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        send(s, p, "light", "green", 1, 4, null);
        try (com.rabbitmq.client.Connection c = broker.newConnection(); Channel ch = c.createChannel()) {
            ch.basicPublish("amq.topic", "shop.items", new AMQP.BasicProperties.Builder().contentType("text/plain")
                    .deliveryMode(2).headers(Map.of("colour", "blue", "size", 10)).build(),
                    "0-9-1 blue 10".getBytes(StandardCharsets.UTF_8));
        }

        assertEquals(List.of("blue 5", "0-9-1 blue 10"), drain(blueBig));
        assertEquals(List.of("red 9", "alarm"), drain(urgent));
        assertEquals(List.of("light"), drain(transientOnes));
        assertEquals(List.of("alarm"), drain(noColour));
    }

    private static void send(Session s, MessageProducer p, String text, String colour, int size, int priority,
            String type) throws JMSException {
        TextMessage m = s.createTextMessage(text);
        if (colour != null) {
            m.setStringProperty("colour", colour);
        }
        m.setIntProperty("size", size);
        if (type != null) {
            m.setJMSType(type);
        }
        p.send(m, p.getDeliveryMode(), priority, 0);
    }

    @Test
    void jmsTypeSurvivesTheTripAndSelects() throws Exception {
        Session s = session(null, "");
        Topic t = s.createTopic("typed");
        MessageConsumer cars = s.createConsumer(t, "JMSType = 'car'");
        MessageProducer p = s.createProducer(t);
        TextMessage bike = s.createTextMessage("bike");
        bike.setJMSType("bike");
        p.send(bike);
        TextMessage car = s.createTextMessage("car");
        car.setJMSType("car");
        p.send(car);
        TextMessage got = (TextMessage) cars.receive(10_000);
        assertEquals("car", got.getText());
        assertEquals("car", got.getJMSType());
        assertNull(cars.receive(300));
    }

    @Test
    void anInvalidSelectorIsRefusedAtAttach() throws Exception {
        // qpid-jms checks selectors itself; without that the broker's refusal shows
        Session unchecked = session(null, "&jms.validateSelector=false");
        Topic t = unchecked.createTopic("invalid");
        JMSException e = assertThrows(JMSException.class, () -> unchecked.createConsumer(t, "colour = "));
        assertTrue(e.getMessage().contains("invalid-field"), e.getMessage());
        assertTrue(e.getMessage().contains("invalid JMS selector"), e.getMessage());
        // and with the client's check, the exception JMS names
        Session checked = session(null, "");
        assertThrows(InvalidSelectorException.class, () -> checked.createConsumer(t, "colour = "));
        // the session is still usable
        MessageConsumer ok = unchecked.createConsumer(t, "colour = 'x'");
        TextMessage m = unchecked.createTextMessage("x");
        m.setStringProperty("colour", "x");
        unchecked.createProducer(t).send(m);
        assertEquals("x", ((TextMessage) ok.receive(10_000)).getText());
    }

    @Test
    void aDurableSubscriptionsSelectorIsPartOfIt() throws Exception {
        Session s = session("selecting", "");
        Topic t = s.createTopic("events");
        s.createDurableSubscriber(t, "reds", "colour = 'red'", false).close();
        MessageProducer p = s.createProducer(t);
        for (String colour : List.of("red", "blue", "red")) {
            TextMessage m = s.createTextMessage(colour);
            m.setStringProperty("colour", colour);
            p.send(m);
        }
        Await.until("kept", () -> broker.broker().vhosts().get("/").queue("jms.durable.selecting|reds")
                .readyCount() == 3);
        MessageConsumer back = s.createDurableSubscriber(t, "reds", "colour = 'red'", false);
        assertEquals(List.of("red", "red"), drain(back));
        back.close();

        TextMessage kept = s.createTextMessage("red again");
        kept.setStringProperty("colour", "red");
        p.send(kept);
        Await.until("kept", () -> broker.broker().vhosts().get("/").queue("jms.durable.selecting|reds")
                .readyCount() == 1);
        // another selector: a new subscription, the old one's message gone with it
        MessageConsumer blues = s.createDurableSubscriber(t, "reds", "colour = 'blue'", false);
        assertNotNull(broker.broker().vhosts().get("/").queue("jms.durable.selecting|reds"));
        assertEquals(0, broker.broker().vhosts().get("/").queue("jms.durable.selecting|reds").readyCount());
        TextMessage blue = s.createTextMessage("blue now");
        blue.setStringProperty("colour", "blue");
        p.send(blue);
        assertEquals(List.of("blue now"), drain(blues));
        blues.close();
        s.unsubscribe("reds");
    }

    @Test
    void aQueueConsumersSelectorIsRefusedAndTheQueueUntouched() throws Exception {
        try (com.rabbitmq.client.Connection c = broker.newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare("selected-queue", true, false, false, null);
            ch.basicPublish("", "selected-queue", null, "stays".getBytes(StandardCharsets.UTF_8));
            Session s = session(null, "");
            JMSException e = assertThrows(JMSException.class,
                    () -> s.createConsumer(s.createQueue("selected-queue"), "colour = 'blue'"));
            assertTrue(e.getMessage().contains("not-implemented"), e.getMessage());
            Await.until("still there", () -> broker.broker().vhosts().get("/").queue("selected-queue")
                    .readyCount() == 1);
            ch.queueDelete("selected-queue");
        }
    }
}
