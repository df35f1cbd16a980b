package io.warrenmq.it.amqp10;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import io.warrenmq.it.Await;
import io.warrenmq.it.EmbeddedBroker;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Dispositions a JMS consumer sends (qpid-jms's {@code JMS_AMQP_ACK_TYPE}: 1 accepted, 2 rejected,
 * 3 released, 4 modified-failed, 5 modified-failed-undeliverable) and what the queue does with
 * them; presettled sends and receives; sending to an exchange address.
 */
class JmsOutcomesIT {
    private static final String ACK_TYPE = "JMS_AMQP_ACK_TYPE";

    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    private final java.util.List<Connection> opened = new java.util.ArrayList<>();

    @AfterEach
    void closeConnections() throws JMSException {
        for (Connection c : opened) {
            c.close();
        }
    }

    private Session session(String options, int ackMode) throws JMSException {
        Connection c = new JmsConnectionFactory("guest", "guest", "amqp://127.0.0.1:" + broker.port()
                + "?jms.connectTimeout=10000" + options).createConnection();
        opened.add(c);
        c.start();
        return c.createSession(false, ackMode);
    }

    /** A queue dead-lettering to {@code name + "-dlq"} through the default exchange. */
    private void declareWithDeadLetterQueue(String name) throws Exception {
        try (com.rabbitmq.client.Connection c = broker.newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare(name + "-dlq", true, false, false, null);
            ch.queueDeclare(name, true, false, false, Map.of("x-dead-letter-exchange", "",
                    "x-dead-letter-routing-key", name + "-dlq"));
        }
    }

    private long depth(String queue) throws Exception {
        try (com.rabbitmq.client.Connection c = broker.newConnection(); Channel ch = c.createChannel()) {
            return ch.queueDeclarePassive(queue).getMessageCount();
        }
    }

    private TextMessage sendAndReceive(Session s, String queue, String text) throws JMSException {
        s.createProducer(s.createQueue(queue)).send(s.createTextMessage(text));
        MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
        TextMessage m = (TextMessage) consumer.receive(10_000);
        assertNotNull(m);
        return m;
    }

    @Test
    void rejectedDeadLettersAndModifiedUndeliverableToo() throws Exception {
        declareWithDeadLetterQueue("out-reject");
        Session s = session("", Session.CLIENT_ACKNOWLEDGE);
        TextMessage m = sendAndReceive(s, "out-reject", "bad");
        m.setIntProperty(ACK_TYPE, 2);
        m.acknowledge();
        Await.until("rejected message dead-lettered", () -> depth("out-reject-dlq") == 1);
        assertEquals(0, depth("out-reject"));
        s.close(); // its consumer would otherwise take the next message

        Session s2 = session("", Session.CLIENT_ACKNOWLEDGE);
        TextMessage m2 = sendAndReceive(s2, "out-reject", "undeliverable");
        m2.setIntProperty(ACK_TYPE, 5);
        m2.acknowledge();
        Await.until("undeliverable message dead-lettered", () -> depth("out-reject-dlq") == 2);
        try (com.rabbitmq.client.Connection c = broker.newConnection(); Channel ch = c.createChannel()) {
            GetResponse dead = ch.basicGet("out-reject-dlq", true);
            assertEquals("bad", new String(dead.getBody(), StandardCharsets.UTF_8));
            assertNotNull(dead.getProps().getHeaders().get("x-death"));
        }
    }

    @Test
    void releasedAndModifiedGoBackToTheQueue() throws Exception {
        declareWithDeadLetterQueue("out-release");
        Session s = session("&jms.prefetchPolicy.all=0", Session.CLIENT_ACKNOWLEDGE);
        TextMessage m = sendAndReceive(s, "out-release", "again");
        m.setIntProperty(ACK_TYPE, 3);
        m.acknowledge();
        MessageConsumer consumer = s.createConsumer(s.createQueue("out-release"));
        TextMessage second = (TextMessage) consumer.receive(10_000);
        assertEquals("again", second.getText());
        second.setIntProperty(ACK_TYPE, 4);
        second.acknowledge();
        TextMessage third = (TextMessage) consumer.receive(10_000);
        assertEquals("again", third.getText());
        assertTrue(third.getJMSRedelivered());
        third.acknowledge();
        Await.until("accepted at last", () -> depth("out-release") == 0);
        assertEquals(0, depth("out-release-dlq"));
    }

    @Test
    void presettledProducerAndConsumer() throws Exception {
        try (com.rabbitmq.client.Connection c = broker.newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare("presettled", false, false, false, null);
        }
        Session s = session("&jms.presettlePolicy.presettleAll=true", Session.AUTO_ACKNOWLEDGE);
        var producer = s.createProducer(s.createQueue("presettled"));
        for (int i = 0; i < 20; i++) {
            producer.send(s.createTextMessage("m" + i));
        }
        MessageConsumer consumer = s.createConsumer(s.createQueue("presettled"));
        for (int i = 0; i < 20; i++) {
            TextMessage m = (TextMessage) consumer.receive(10_000);
            assertEquals("m" + i, m.getText());
        }
        Await.until("presettled deliveries acknowledged by the broker", () -> depth("presettled") == 0);
        consumer.close();
        assertEquals(0, depth("presettled"));
    }

    @Test
    void aTopicProducerRoutesThroughAmqTopicToBoundQueues() throws Exception {
        try (com.rabbitmq.client.Connection c = broker.newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare("routed", false, false, false, null);
            ch.queueBind("routed", "amq.topic", "blue.*");
        }
        // the broker's topic-prefix /topics/ makes a JMS topic a key of amq.topic
        Session s = session("", Session.AUTO_ACKNOWLEDGE);
        s.createProducer(s.createTopic("blue.sky")).send(s.createTextMessage("to blue"));
        s.createProducer(s.createTopic("red.sky")).send(s.createTextMessage("to nobody"));
        TextMessage m = (TextMessage) s.createConsumer(s.createQueue("routed")).receive(10_000);
        assertEquals("to blue", m.getText());
        assertEquals(0, depth("routed"));
        assertFalse(m.getJMSRedelivered());
    }
}
