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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * JMS selectors ({@code apache.org:selector-filter:string}) on topic subscriptions: evaluated by
 * the broker over JMS headers and properties, from JMS and from 0-9-1 publishers; a selector that
 * does not parse is refused at attach with {@code amqp:invalid-field}; a durable subscription's
 * selector is part of it. On a queue the queue applies a consumer's selector and keeps the rest for
 * other consumers.
 */
class JmsSelectorIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    private final JmsConnections jms = new JmsConnections(broker::port);

    @AfterEach
    void close() {
        jms.closeAll();
    }

    private Session session(String clientId, String options) throws JMSException {
        return jms.session(clientId, options);
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
    void queueConsumersWithSelectorsEachTakeTheirsAndLeaveTheRestInTheQueue() throws Exception {
        try (com.rabbitmq.client.Connection c = broker.newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare("paint", true, false, false, null);
            Session s = session(null, "");
            jakarta.jms.Queue paint = s.createQueue("paint");
            MessageProducer p = s.createProducer(paint);
            for (String colour : List.of("red", "blue", "green", "red", "blue", "red", "green", "blue")) {
                TextMessage m = s.createTextMessage(colour);
                m.setStringProperty("colour", colour);
                p.send(m);
            }
            // consumers created after the messages: the queue looks past the head for each
            MessageConsumer blue = s.createConsumer(paint, "colour = 'blue'");
            MessageConsumer red = s.createConsumer(paint, "colour = 'red'");
            assertEquals(List.of("blue", "blue", "blue"), drain(blue));
            assertEquals(List.of("red", "red", "red"), drain(red));
            Await.until("the two green ones stay for someone else",
                    () -> broker.broker().vhosts().get("/").queue("paint").readyCount() == 2);
            // and go to a consumer that takes them
            MessageConsumer anyone = s.createConsumer(paint);
            assertEquals(List.of("green", "green"), drain(anyone));
            anyone.close();

            // published while the selecting consumers wait: each message to the one that selects it
            for (String colour : List.of("red", "blue", "red")) {
                TextMessage m = s.createTextMessage(colour + " later");
                m.setStringProperty("colour", colour);
                p.send(m);
            }
            assertEquals(List.of("blue later"), drain(blue));
            assertEquals(List.of("red later", "red later"), drain(red));
            ch.queueDelete("paint");
        }
    }

    @Test
    void aPrefetchZeroQueueConsumerWithASelectorPullsWhatItSelects() throws Exception {
        try (com.rabbitmq.client.Connection c = broker.newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare("pulled", true, false, false, null);
            for (String colour : List.of("red", "red", "blue")) {
                ch.basicPublish("", "pulled", new AMQP.BasicProperties.Builder().contentType("text/plain")
                        .headers(Map.of("colour", colour)).build(), colour.getBytes(StandardCharsets.UTF_8));
            }
            Session s = session(null, "&jms.prefetchPolicy.all=0");
            MessageConsumer blue = s.createConsumer(s.createQueue("pulled"), "colour = 'blue'");
            assertEquals("blue", ((TextMessage) blue.receive(10_000)).getText());
            assertNull(blue.receive(500), "nothing else is blue");
            assertNull(blue.receiveNoWait());
            assertEquals(2, broker.broker().vhosts().get("/").queue("pulled").readyCount(), "the red ones stay");
            ch.queueDelete("pulled");
        }
    }

    @Test
    void aSocketClientCannotNameAConsumerFilter() throws Exception {
        try (com.rabbitmq.client.Connection c = broker.newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare("unfiltered", false, true, false, null);
            ch.basicPublish("", "unfiltered", null, "a".getBytes(StandardCharsets.UTF_8));
            ch.basicPublish("", "unfiltered", null, "b".getBytes(StandardCharsets.UTF_8));
            java.util.concurrent.BlockingQueue<String> got = new java.util.concurrent.LinkedBlockingQueue<>();
            // the internal argument from a socket is ignored, as RabbitMQ ignores unknown consumer arguments
            ch.basicConsume("unfiltered", true, Map.of("x-warren-consumer-filter", "guessed-token"),
                    (tag, d) -> got.add(new String(d.getBody(), StandardCharsets.UTF_8)), tag -> { });
            assertEquals("a", got.poll(10, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals("b", got.poll(10, java.util.concurrent.TimeUnit.SECONDS));
        }
    }

    @Test
    void anInvalidQueueSelectorIsRefusedAndTheQueueUntouched() throws Exception {
        try (com.rabbitmq.client.Connection c = broker.newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare("selected-queue", true, false, false, null);
            ch.basicPublish("", "selected-queue", null, "stays".getBytes(StandardCharsets.UTF_8));
            Session s = session(null, "&jms.validateSelector=false");
            JMSException e = assertThrows(JMSException.class,
                    () -> s.createConsumer(s.createQueue("selected-queue"), "colour = "));
            assertTrue(e.getMessage().contains("invalid-field"), e.getMessage());
            Await.until("still there", () -> broker.broker().vhosts().get("/").queue("selected-queue")
                    .readyCount() == 1);
            ch.queueDelete("selected-queue");
        }
    }
}
