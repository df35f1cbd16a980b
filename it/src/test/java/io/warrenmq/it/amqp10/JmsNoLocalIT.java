package io.warrenmq.it.amqp10;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import io.warrenmq.it.EmbeddedBroker;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No-local ({@code createConsumer(topic, null, true)}, {@code apache.org:no-local-filter:list}): a
 * subscriber does not get what its own connection published; it gets other connections' and
 * 0-9-1 publishers' messages. The stamp that tells them apart is put on only while a no-local
 * subscriber exists.
 */
class JmsNoLocalIT {
    private static final String ORIGIN_HEADER = "x-warren-origin";

    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    private final JmsConnections jms = new JmsConnections(broker::port);

    @AfterEach
    void close() {
        jms.closeAll();
    }

    private Session session(String clientId) throws JMSException {
        return jms.session(clientId, "");
    }

    private static void send(Session s, Topic t, String text) throws JMSException {
        MessageProducer p = s.createProducer(t);
        p.send(s.createTextMessage(text));
        p.close();
    }

    @Test
    void aNoLocalSubscriberGetsOnlyOtherPublishersMessages() throws Exception {
        Session mine = session(null);
        Session theirs = session(null);
        Topic t = mine.createTopic("chat.room");
        MessageConsumer noLocal = mine.createConsumer(t, null, true);
        MessageConsumer everything = mine.createConsumer(t);

        send(mine, t, "own");
        assertEquals("own", ((TextMessage) everything.receive(10_000)).getText(), "a plain subscriber gets it");
        send(theirs, theirs.createTopic("chat.room"), "other connection");
        try (com.rabbitmq.client.Connection c = broker.newConnection(); Channel ch = c.createChannel()) {
            ch.basicPublish("amq.topic", "chat.room",
                    new com.rabbitmq.client.AMQP.BasicProperties.Builder().contentType("text/plain").build(),
                    "from 0-9-1".getBytes(StandardCharsets.UTF_8));
        }
        // "own" was in the no-local subscriber's queue before the others: it was settled away
        assertEquals("other connection", ((TextMessage) noLocal.receive(10_000)).getText());
        assertEquals("from 0-9-1", ((TextMessage) noLocal.receive(10_000)).getText());
        assertNull(noLocal.receiveNoWait());
        assertEquals("other connection", ((TextMessage) everything.receive(10_000)).getText());
        assertEquals("from 0-9-1", ((TextMessage) everything.receive(10_000)).getText());
    }

    @Test
    void aDurableNoLocalSubscriptionSkipsItsOwnConnectionsMessages() throws Exception {
        Session mine = session("nl-client");
        Session theirs = session(null);
        Topic t = mine.createTopic("prices");
        MessageConsumer sub = mine.createDurableSubscriber(t, "nl", null, true);
        send(mine, t, "own");
        send(theirs, theirs.createTopic("prices"), "theirs");
        assertEquals("theirs", ((TextMessage) sub.receive(10_000)).getText());
        assertNull(sub.receiveNoWait());
        assertNotNull(broker.broker().vhosts().get("/").queue("jms.durable.nl-client|nl"));
        sub.close();
        mine.unsubscribe("nl");
    }

    @Test
    void messagesAreStampedOnlyWhileANoLocalSubscriberExists() throws Exception {
        try (com.rabbitmq.client.Connection c = broker.newConnection(); Channel ch = c.createChannel()) {
            String q = ch.queueDeclare().getQueue();
            ch.queueBind(q, "amq.topic", "stamps");
            Session s = session(null);
            Topic t = s.createTopic("stamps");

            send(s, t, "no subscriber");
            GetResponse plain = awaitGet(ch, q);
            assertTrue(plain.getProps().getHeaders() == null
                    || !plain.getProps().getHeaders().containsKey(ORIGIN_HEADER), "nothing stamped");

            MessageConsumer noLocal = s.createConsumer(t, null, true);
            send(s, t, "while no-local");
            GetResponse stamped = awaitGet(ch, q);
            assertNotNull(stamped.getProps().getHeaders());
            assertTrue(stamped.getProps().getHeaders().containsKey(ORIGIN_HEADER), "stamped while needed");
            noLocal.close();

            send(s, t, "after");
            GetResponse after = awaitGet(ch, q);
            assertFalse(after.getProps().getHeaders() != null
                    && after.getProps().getHeaders().containsKey(ORIGIN_HEADER), "no stamp once it left");
        }
    }

    @Test
    void theStampStopsWhenTheBrokerEndsTheNoLocalSubscribersLink() throws Exception {
        try (com.rabbitmq.client.Connection c = broker.newConnection(); Channel ch = c.createChannel()) {
            String q = ch.queueDeclare().getQueue();
            ch.queueBind(q, "amq.topic", "ended");
            Session s = session("ender");
            Topic t = s.createTopic("ended");
            s.createDurableSubscriber(t, "doomed", null, true);
            ch.queueDelete("jms.durable.ender|doomed"); // the broker cancels the subscriber: its link is detached
            io.warrenmq.it.Await.until("the subscription's queue is gone",
                    () -> broker.broker().vhosts().get("/").queue("jms.durable.ender|doomed") == null);
            // the cancel reaches the link on its own time: publish until a message goes unstamped
            long deadline = System.nanoTime() + 10_000_000_000L;
            boolean stamped = true;
            while (stamped && System.nanoTime() < deadline) {
                send(s, t, "after");
                GetResponse after = awaitGet(ch, q);
                stamped = after.getProps().getHeaders() != null
                        && after.getProps().getHeaders().containsKey(ORIGIN_HEADER);
            }
            assertFalse(stamped, "no stamp once the subscriber is gone");
        }
    }

    private static GetResponse awaitGet(Channel ch, String q) {
        return io.warrenmq.it.Await.result("a message in " + q, () -> ch.basicGet(q, true), r -> r != null);
    }
}
