package io.warrenmq.it.amqp10;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warrenmq.auth.Permissions;
import io.warrenmq.auth.User;
import io.warrenmq.it.Await;
import io.warrenmq.server.Broker;
import io.warrenmq.server.BrokerConfig;
import io.warrenmq.server.queue.Queue;
import jakarta.jms.Connection;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Durable JMS subscriptions over qpid-jms: the queue {@code jms.durable.<client-id>|<name>} keeps
 * what is published while the subscriber is away, across a broker restart too; re-subscribing with
 * another topic or selector replaces the subscription; {@code unsubscribe} deletes it, and is
 * refused for an unknown or active one.
 */
class JmsDurableSubscriptionIT {
    private Path dataDir;
    private Broker broker;
    private final JmsConnections jms = new JmsConnections(() -> broker.port());

    @BeforeEach
    void start() throws IOException {
        dataDir = Files.createTempDirectory("warren-it-durable-subs-");
        broker = newBroker();
    }

    private Broker newBroker() {
        return new Broker(BrokerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dataDir)).start();
    }

    @AfterEach
    void stop() throws IOException {
        jms.closeAll();
        broker.close();
        try (Stream<Path> paths = Files.walk(dataDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private Connection connect(String clientId) throws JMSException {
        return connect(clientId, "guest", "guest");
    }

    private Connection connect(String clientId, String user, String password) throws JMSException {
        return jms.connect(clientId, user, password, "");
    }

    private Queue queue(String name) {
        return broker.vhosts().get("/").queue(name);
    }

    private static void send(Session s, Topic t, String... texts) throws JMSException {
        MessageProducer p = s.createProducer(t);
        for (String text : texts) {
            p.send(s.createTextMessage(text));
        }
        p.close();
    }

    @Test
    void messagesPublishedWhileAwayWaitAndSurviveARestart() throws Exception {
        Connection c = connect("shop");
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic prices = s.createTopic("prices.eu");
        MessageConsumer sub = s.createDurableSubscriber(prices, "watcher");
        Queue q = queue("jms.durable.shop|watcher");
        assertNotNull(q, "the subscription's queue, named from client ID and subscription name");
        assertTrue(q.durable());
        send(s, prices, "live");
        assertEquals("live", ((TextMessage) sub.receive(10_000)).getText());
        sub.close(); // away: the subscription stays

        send(s, prices, "one", "two", "three");
        Await.until("three messages kept for the absent subscriber",
                () -> queue("jms.durable.shop|watcher").readyCount() == 3);
        c.close();

        broker.close();
        broker = newBroker();
        assertNotNull(queue("jms.durable.shop|watcher"), "the subscription survives the restart");

        Connection again = connect("shop");
        Session s2 = again.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer back = s2.createDurableSubscriber(s2.createTopic("prices.eu"), "watcher");
        for (String expected : List.of("one", "two", "three")) {
            TextMessage m = (TextMessage) back.receive(10_000);
            assertNotNull(m, "kept message " + expected);
            assertEquals(expected, m.getText());
        }
        send(s2, s2.createTopic("prices.eu"), "after restart");
        assertEquals("after restart", ((TextMessage) back.receive(10_000)).getText());
        assertNull(back.receiveNoWait());
    }

    @Test
    void resubscribingWithAnotherTopicReplacesTheSubscription() throws Exception {
        Connection c = connect("replacer");
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic a = s.createTopic("topic.a");
        Topic b = s.createTopic("topic.b");
        s.createDurableSubscriber(a, "sub").close();
        send(s, a, "old");
        Await.until("kept", () -> queue("jms.durable.replacer|sub").readyCount() == 1);

        MessageConsumer onB = s.createDurableSubscriber(b, "sub");
        send(s, a, "to a");
        send(s, b, "to b");
        assertEquals("to b", ((TextMessage) onB.receive(10_000)).getText());
        assertNull(onB.receiveNoWait(), "neither the old subscription's message nor topic a's");
        onB.close();

        // the same again but a selector changes: also a new subscription
        send(s, b, "kept for sub");
        Await.until("kept", () -> queue("jms.durable.replacer|sub").readyCount() == 1);
        MessageConsumer same = s.createDurableSubscriber(b, "sub");
        assertEquals("kept for sub", ((TextMessage) same.receive(10_000)).getText(), "same topic, same subscription");
    }

    @Test
    void unsubscribeDeletesTheQueueAndRefusesUnknownAndActiveSubscriptions() throws Exception {
        Connection c = connect("leaver");
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = s.createTopic("news");
        MessageConsumer sub = s.createDurableSubscriber(t, "gone-soon");
        assertNotNull(queue("jms.durable.leaver|gone-soon"));

        // on its own connection qpid-jms refuses that itself (a JMSException too, not JMS's IllegalStateException)
        JMSException own = assertThrows(JMSException.class, () -> s.unsubscribe("gone-soon"));
        assertTrue(own.getMessage().contains("active durable subscription"), own.getMessage());
        // no other connection can reach it: a second connection with the same client ID is refused (JmsClientIdIT)
        assertThrows(jakarta.jms.InvalidClientIDException.class, () -> connect("leaver"));
        assertNotNull(queue("jms.durable.leaver|gone-soon"), "an active subscription stays");

        sub.close();
        s.unsubscribe("gone-soon");
        assertNull(queue("jms.durable.leaver|gone-soon"));
        assertThrows(InvalidDestinationException.class, () -> s.unsubscribe("gone-soon"));
        assertThrows(InvalidDestinationException.class, () -> s.unsubscribe("never-was"));
        // the session goes on
        MessageConsumer fresh = s.createDurableSubscriber(t, "gone-soon");
        send(s, t, "fresh");
        assertEquals("fresh", ((TextMessage) fresh.receive(10_000)).getText());
    }

    @Test
    void aQueueOfThatNameThatIsNoSubscriptionIsLeftAlone() throws Exception {
        try (com.rabbitmq.client.Connection amqp = new com.rabbitmq.client.ConnectionFactory() {
            {
                setPort(broker.port());
                setHost("127.0.0.1");
            }
        }.newConnection(); com.rabbitmq.client.Channel ch = amqp.createChannel()) {
            ch.queueDeclare("jms.durable.squatter|sub", true, false, false, null);
            ch.basicPublish("", "jms.durable.squatter|sub", null, "mine".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Connection c = connect("squatter");
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            JMSException e = assertThrows(JMSException.class, () -> s.createDurableSubscriber(s.createTopic("t"), "sub"));
            assertTrue(e.getMessage().contains("not a JMS subscription"), e.getMessage());
            Await.until("the queue and its message stay", () -> queue("jms.durable.squatter|sub") != null
                    && queue("jms.durable.squatter|sub").readyCount() == 1);
            assertThrows(InvalidDestinationException.class, () -> s.unsubscribe("sub"), "nor is it unsubscribed");
            assertNotNull(queue("jms.durable.squatter|sub"));
        }
    }

    @Test
    void aUserWhoMayNotCreateTheQueueIsRefused() throws Exception {
        broker.users().putUser(User.withPassword("nosubs", "nosubs-secret", List.of()));
        // may read and write everything but configure only its own queues: not jms.durable.*
        broker.users().setPermissions("nosubs", "/", Permissions.of("^own\\.", ".*", ".*"));
        Connection c = connect("limited", "nosubs", "nosubs-secret");
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThrows(JMSSecurityException.class, () -> s.createDurableSubscriber(s.createTopic("x"), "sub"));
        assertNull(queue("jms.durable.limited|sub"));
        assertFalse(broker.vhosts().get("/").queues().stream().anyMatch(q -> q.name().startsWith("jms.")));
        c.close(); // its client ID is free once close() returns
        // guest may
        Connection g = connect("limited");
        Session gs = g.createSession(false, Session.AUTO_ACKNOWLEDGE);
        gs.createDurableSubscriber(gs.createTopic("x"), "sub").close();
        assertNotNull(queue("jms.durable.limited|sub"));
    }
}
