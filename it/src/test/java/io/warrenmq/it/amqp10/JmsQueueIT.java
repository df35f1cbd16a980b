package io.warrenmq.it.amqp10;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import io.warrenmq.auth.Permissions;
import io.warrenmq.auth.User;
import io.warrenmq.it.EmbeddedBroker;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * qpid-jms-client (AMQP 1.0) against Warren's AMQP port: the listener is found through
 * ServiceLoader, the queues are the ones 0-9-1 clients use, and the JMS client needs no address
 * configuration (the broker offers {@code queue-prefix=/queues/}).
 */
class JmsQueueIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    private final java.util.List<Connection> opened = new java.util.ArrayList<>();

    @AfterEach
    void closeConnections() {
        for (Connection c : opened) {
            try {
                c.close();
            } catch (JMSException ignored) {
                // already failed
            }
        }
    }

    private Connection jms(String user, String password, String options) throws JMSException {
        JmsConnectionFactory f = new JmsConnectionFactory(user, password,
                "amqp://127.0.0.1:" + broker.port() + "?amqp.idleTimeout=30000&jms.connectTimeout=10000" + options);
        Connection c = f.createConnection();
        opened.add(c);
        c.start();
        return c;
    }

    private Connection jms() throws JMSException {
        return jms("guest", "guest", "");
    }

    private void declare(String queue) throws Exception {
        try (com.rabbitmq.client.Connection c = broker.newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare(queue, true, false, false, null);
        }
    }

    @Test
    void textBytesAndMapMessagesWithPropertiesRoundTripOnAQueue() throws Exception {
        declare("jms-roundtrip");
        Session s = jms().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("jms-roundtrip");
        MessageProducer producer = s.createProducer(q);
        TextMessage text = s.createTextMessage("hello, warren");
        text.setStringProperty("colour", "blue");
        text.setIntProperty("size", 42);
        text.setBooleanProperty("fresh", true);
        text.setJMSCorrelationID("corr-1");
        producer.send(text);
        BytesMessage bytes = s.createBytesMessage();
        bytes.writeBytes(new byte[] {1, 2, 3, 0, (byte) 0xff});
        producer.send(bytes);
        MapMessage map = s.createMapMessage();
        map.setString("name", "warren");
        map.setLong("count", 7L);
        producer.send(map);

        MessageConsumer consumer = s.createConsumer(q);
        Message m1 = consumer.receive(10_000);
        TextMessage t = assertInstanceOf(TextMessage.class, m1);
        assertEquals("hello, warren", t.getText());
        assertEquals("blue", t.getStringProperty("colour"));
        assertEquals(42, t.getIntProperty("size"));
        assertTrue(t.getBooleanProperty("fresh"));
        assertEquals("corr-1", t.getJMSCorrelationID());
        assertEquals(text.getJMSMessageID(), t.getJMSMessageID());
        assertEquals(DeliveryMode.PERSISTENT, t.getJMSDeliveryMode());

        BytesMessage b = assertInstanceOf(BytesMessage.class, consumer.receive(10_000));
        byte[] got = new byte[(int) b.getBodyLength()];
        b.readBytes(got);
        assertArrayEquals(new byte[] {1, 2, 3, 0, (byte) 0xff}, got);

        MapMessage mm = assertInstanceOf(MapMessage.class, consumer.receive(10_000));
        assertEquals("warren", mm.getString("name"));
        assertEquals(7L, mm.getLong("count"));
        assertNull(consumer.receiveNoWait());
    }

    @Test
    void allSixMessageTypesRoundTripWithTypeAndPriority() throws Exception {
        declare("jms-six");
        Session s = jms().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("jms-six");
        MessageProducer producer = s.createProducer(q);
        Message plain = s.createMessage();
        plain.setJMSType("plain-type");
        producer.send(plain, DeliveryMode.NON_PERSISTENT, 8, 0);
        producer.send(s.createObjectMessage("a serialised string"));
        jakarta.jms.StreamMessage stream = s.createStreamMessage();
        stream.writeString("one");
        stream.writeInt(2);
        stream.writeBoolean(true);
        producer.send(stream);
        MessageConsumer consumer = s.createConsumer(q);
        Message m1 = consumer.receive(10_000);
        assertNotNull(m1);
        assertEquals(8, m1.getJMSPriority());
        assertEquals(DeliveryMode.NON_PERSISTENT, m1.getJMSDeliveryMode());
        jakarta.jms.ObjectMessage object = assertInstanceOf(jakarta.jms.ObjectMessage.class, consumer.receive(10_000));
        assertEquals("a serialised string", object.getObject());
        jakarta.jms.StreamMessage back = assertInstanceOf(jakarta.jms.StreamMessage.class, consumer.receive(10_000));
        assertEquals("one", back.readString());
        assertEquals(2, back.readInt());
        assertTrue(back.readBoolean());
    }

    @Test
    void clientAcknowledgeRedeliversWhatWasNotAcknowledged() throws Exception {
        declare("jms-client-ack");
        Connection c = jms();
        Session producerSession = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        producerSession.createProducer(producerSession.createQueue("jms-client-ack"))
                .send(producerSession.createTextMessage("once"));

        Session s1 = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer first = s1.createConsumer(s1.createQueue("jms-client-ack"));
        TextMessage m = (TextMessage) first.receive(10_000);
        assertEquals("once", m.getText());
        assertTrue(!m.getJMSRedelivered());
        s1.close(); // not acknowledged: back to the queue

        Session s2 = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer second = s2.createConsumer(s2.createQueue("jms-client-ack"));
        TextMessage again = (TextMessage) second.receive(10_000);
        assertNotNull(again);
        assertEquals("once", again.getText());
        assertTrue(again.getJMSRedelivered());
        again.acknowledge();
        s2.close();

        try (com.rabbitmq.client.Connection rc = broker.newConnection(); Channel ch = rc.createChannel()) {
            assertEquals(0, ch.queueDeclarePassive("jms-client-ack").getMessageCount());
        }
    }

    @Test
    void prefetchZeroPullsWithDrainForReceiveTimeoutAndReceiveNoWait() throws Exception {
        declare("jms-pull");
        Connection c = jms("guest", "guest", "&jms.prefetchPolicy.all=0");
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(s.createQueue("jms-pull"));
        // empty queue: the drain is answered, so both calls return instead of failing after 60 s
        assertNull(consumer.receiveNoWait());
        assertNull(consumer.receive(300));

        try (com.rabbitmq.client.Connection rc = broker.newConnection(); Channel ch = rc.createChannel()) {
            ch.basicPublish("", "jms-pull", null, "first".getBytes(StandardCharsets.UTF_8));
            ch.basicPublish("", "jms-pull", null, "second".getBytes(StandardCharsets.UTF_8));
            io.warrenmq.it.Await.until("two messages in jms-pull",
                    () -> ch.queueDeclarePassive("jms-pull").getMessageCount() == 2);
        }
        BytesMessage first = assertInstanceOf(BytesMessage.class, consumer.receiveNoWait());
        assertEquals("first", body(first));
        BytesMessage second = assertInstanceOf(BytesMessage.class, consumer.receive(10_000));
        assertEquals("second", body(second));
        assertNull(consumer.receiveNoWait());
    }

    @Test
    void aWrongPasswordIsRefused() {
        assertThrows(JMSSecurityException.class, () -> jms("guest", "wrong", ""));
    }

    @Test
    void aUserWithoutWritePermissionCannotSendButCanReceive() throws Exception {
        declare("jms-perm");
        broker.broker().users().putUser(User.withPassword("reader", "reader-secret", List.of()));
        broker.broker().users().setPermissions("reader", "/", Permissions.of("", "", ".*"));
        try (com.rabbitmq.client.Connection rc = broker.newConnection(); Channel ch = rc.createChannel()) {
            ch.basicPublish("", "jms-perm", null, "readable".getBytes(StandardCharsets.UTF_8));
        }
        Session s = jms("reader", "reader-secret", "").createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("jms-perm");
        MessageConsumer consumer = s.createConsumer(q);
        assertEquals("readable", body(assertInstanceOf(BytesMessage.class, consumer.receive(10_000))));
        MessageProducer producer = s.createProducer(q);
        JMSException refused = assertThrows(JMSException.class, () -> producer.send(s.createTextMessage("no")));
        assertTrue(refused instanceof JMSSecurityException || String.valueOf(refused.getMessage()).contains("access"),
                refused.toString());
        try (com.rabbitmq.client.Connection rc = broker.newConnection(); Channel ch = rc.createChannel()) {
            assertEquals(0, ch.queueDeclarePassive("jms-perm").getMessageCount());
        }
    }

    @Test
    void aConsumerOnAMissingQueueIsRefused() throws Exception {
        Session s = jms().createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThrows(InvalidDestinationException.class, () -> s.createConsumer(s.createQueue("no-such-queue")));
        // the connection survives a refused link
        declare("jms-after-refusal");
        s.createProducer(s.createQueue("jms-after-refusal")).send(s.createTextMessage("still here"));
    }

    @Test
    void amqp091AndJmsInteroperateOnTheSameQueue() throws Exception {
        declare("interop-in");
        declare("interop-out");
        Session s = jms().createSession(false, Session.AUTO_ACKNOWLEDGE);
        try (com.rabbitmq.client.Connection rc = broker.newConnection(); Channel ch = rc.createChannel()) {
            // 0-9-1 → JMS
            AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("text/plain")
                    .messageId("m-1").correlationId("c-1").replyTo("interop-out").deliveryMode(2)
                    .headers(Map.of("region", "eu", "attempt", 3)).build();
            ch.basicPublish("", "interop-in", props, "from 0-9-1".getBytes(StandardCharsets.UTF_8));
            TextMessage t = assertInstanceOf(TextMessage.class,
                    s.createConsumer(s.createQueue("interop-in")).receive(10_000));
            assertEquals("from 0-9-1", t.getText());
            assertEquals("c-1", t.getJMSCorrelationID());
            assertEquals("eu", t.getStringProperty("region"));
            assertEquals(3, t.getIntProperty("attempt"));
            assertEquals(DeliveryMode.PERSISTENT, t.getJMSDeliveryMode());
            assertNotNull(t.getJMSReplyTo());
            assertEquals("interop-out", ((Queue) t.getJMSReplyTo()).getQueueName());

            // JMS → 0-9-1, answering to the reply-to
            TextMessage reply = s.createTextMessage("from JMS");
            reply.setJMSCorrelationID("m-1");
            reply.setStringProperty("status", "done");
            reply.setJMSReplyTo(s.createQueue("interop-in"));
            MessageProducer replier = s.createProducer(t.getJMSReplyTo());
            replier.setPriority(7);
            replier.send(reply);
            GetResponse got = io.warrenmq.it.Await.result("the JMS reply", () -> ch.basicGet("interop-out", true),
                    r -> r != null);
            assertNotNull(got);
            assertEquals("from JMS", new String(got.getBody(), StandardCharsets.UTF_8));
            assertEquals("m-1", got.getProps().getCorrelationId());
            assertEquals(reply.getJMSMessageID(), got.getProps().getMessageId());
            assertEquals(2, got.getProps().getDeliveryMode());
            assertEquals("done", String.valueOf(got.getProps().getHeaders().get("status")));
            assertEquals("text/plain", got.getProps().getContentType());
            assertEquals("interop-in", got.getProps().getReplyTo());
            assertEquals(7, got.getProps().getPriority());
        }
    }

    @Test
    void requestReplyOverATemporaryQueue() throws Exception {
        declare("requests");
        Session server = jms().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer requests = server.createConsumer(server.createQueue("requests"));
        MessageProducer replies = server.createProducer(null);

        Session client = jms().createSession(false, Session.AUTO_ACKNOWLEDGE);
        jakarta.jms.TemporaryQueue replyTo = client.createTemporaryQueue();
        assertTrue(replyTo.getQueueName().startsWith("/queues/"), replyTo.getQueueName());
        MessageConsumer answers = client.createConsumer(replyTo);
        TextMessage request = client.createTextMessage("ping");
        request.setJMSReplyTo(replyTo);
        client.createProducer(client.createQueue("requests")).send(request);

        TextMessage got = (TextMessage) requests.receive(10_000);
        assertEquals("ping", got.getText());
        assertNotNull(got.getJMSReplyTo());
        TextMessage pong = server.createTextMessage("pong");
        pong.setJMSCorrelationID(got.getJMSMessageID());
        replies.send(got.getJMSReplyTo(), pong);

        TextMessage answer = (TextMessage) answers.receive(10_000);
        assertEquals("pong", answer.getText());
        assertEquals(request.getJMSMessageID(), answer.getJMSCorrelationID());

        // deleting it (no consumer left) removes the queue from the broker
        answers.close();
        String name = replyTo.getQueueName().substring("/queues/".length());
        replyTo.delete();
        io.warrenmq.it.Await.until("temporary queue deleted", () -> {
            try (com.rabbitmq.client.Connection rc = broker.newConnection(); Channel ch = rc.createChannel()) {
                ch.queueDeclarePassive(name);
                return false;
            } catch (java.io.IOException gone) {
                return true;
            }
        });
    }

    @Test
    void anAnonymousProducerSendsEachMessageWhereItsDestinationSays() throws Exception {
        declare("relay-a");
        declare("relay-b");
        Session s = jms().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer anonymous = s.createProducer(null);
        anonymous.send(s.createQueue("relay-a"), s.createTextMessage("to a"));
        anonymous.send(s.createQueue("relay-b"), s.createTextMessage("to b"));
        assertEquals("to a", ((TextMessage) s.createConsumer(s.createQueue("relay-a")).receive(10_000)).getText());
        assertEquals("to b", ((TextMessage) s.createConsumer(s.createQueue("relay-b")).receive(10_000)).getText());
    }

    @Test
    void aUserWithoutReadPermissionCannotConsume() throws Exception {
        declare("jms-noread");
        broker.broker().users().putUser(User.withPassword("writer", "writer-secret", List.of()));
        broker.broker().users().setPermissions("writer", "/", Permissions.of("", ".*", ""));
        Session s = jms("writer", "writer-secret", "").createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("jms-noread");
        s.createProducer(q).send(s.createTextMessage("written"));
        assertThrows(JMSSecurityException.class, () -> s.createConsumer(q));
        try (com.rabbitmq.client.Connection rc = broker.newConnection(); Channel ch = rc.createChannel()) {
            assertEquals(1, ch.queueDeclarePassive("jms-noread").getMessageCount());
        }
    }

    private static String body(BytesMessage m) throws JMSException {
        byte[] b = new byte[(int) m.getBodyLength()];
        m.readBytes(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
