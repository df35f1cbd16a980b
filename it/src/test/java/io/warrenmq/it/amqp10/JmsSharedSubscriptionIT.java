package io.warrenmq.it.amqp10;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warrenmq.it.Await;
import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.server.queue.Queue;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * JMS 2.0 shared subscriptions over qpid-jms (the broker offers {@code SHARED-SUBS}): the consumers
 * of one subscription share its queue, each message going to one of them; a non-durable one's
 * queue goes with its last consumer, a durable one's stays. Without a client ID qpid-jms marks them
 * {@code global}, and consumers on different connections share them.
 */
class JmsSharedSubscriptionIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    private final JmsConnections jms = new JmsConnections(broker::port);

    @AfterEach
    void close() {
        jms.closeAll();
    }

    private Session session(String clientId) throws JMSException {
        return jms.session(clientId, "&jms.prefetchPolicy.all=10");
    }

    private static Queue queue(String name) {
        return broker.broker().vhosts().get("/").queue(name);
    }

    private static void send(Session s, Topic t, int n) throws JMSException {
        MessageProducer p = s.createProducer(t);
        for (int i = 0; i < n; i++) {
            p.send(s.createTextMessage("m" + i));
        }
        p.close();
    }

    /** Receives until {@code total} arrived over {@code consumers}; returns how many each got. */
    private static int[] receiveShared(int total, MessageConsumer... consumers) throws JMSException {
        int[] counts = new int[consumers.length];
        Set<String> seen = new HashSet<>();
        int got = 0;
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (got < total && System.nanoTime() < deadline) {
            for (int i = 0; i < consumers.length; i++) {
                Message m = consumers[i].receive(100);
                if (m != null) {
                    assertTrue(seen.add(((TextMessage) m).getText()), "each message to one consumer only");
                    counts[i]++;
                    got++;
                }
            }
        }
        assertEquals(total, got);
        for (MessageConsumer c : consumers) {
            assertNull(c.receiveNoWait(), "nothing more");
        }
        return counts;
    }

    @Test
    void sharedConsumersOfOneConnectionShareTheQueueWhichGoesWithTheLast() throws Exception {
        jakarta.jms.Connection sharer = jms.connect("sharer", "&jms.prefetchPolicy.all=10");
        Session a = sharer.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Session b = sharer.createSession(false, Session.AUTO_ACKNOWLEDGE); // same connection
        Topic t = a.createTopic("work.items");
        MessageConsumer c1 = a.createSharedConsumer(t, "workers");
        MessageConsumer c2 = b.createSharedConsumer(t, "workers");
        Queue q = queue("jms.shared.sharer|workers");
        assertNotNull(q);
        Await.until("two consumers on the one queue", () -> q.consumerCount() == 2);
        send(a, t, 20);
        int[] counts = receiveShared(20, c1, c2);
        assertTrue(counts[0] > 0 && counts[1] > 0, "both consumers got some: " + counts[0] + "/" + counts[1]);

        c1.close();
        assertNotNull(queue("jms.shared.sharer|workers"), "still one consumer");
        c2.close();
        Await.until("the non-durable shared queue is gone with its last consumer",
                () -> queue("jms.shared.sharer|workers") == null);
    }

    @Test
    void globalSharedConsumersOnDifferentConnectionsShareOneQueue() throws Exception {
        Session a = session(null);
        Session b = session(null);
        Topic t = a.createTopic("global.items");
        MessageConsumer c1 = a.createSharedConsumer(t, "everyone");
        MessageConsumer c2 = b.createSharedConsumer(b.createTopic("global.items"), "everyone");
        Queue q = queue("jms.shared|everyone");
        assertNotNull(q, () -> "no client ID: the global subscription's queue; queues: "
                + broker.broker().vhosts().get("/").queues().stream().map(Queue::name).toList());
        Await.until("both connections' consumers on it", () -> q.consumerCount() == 2);
        send(a, t, 20);
        int[] counts = receiveShared(20, c1, c2);
        assertTrue(counts[0] > 0 && counts[1] > 0, "both consumers got some: " + counts[0] + "/" + counts[1]);

        // a third with another topic while it is in use: refused
        Session c = session(null);
        assertThrows(JMSException.class, () -> c.createSharedConsumer(c.createTopic("other"), "everyone"));
        c1.close();
        c2.close();
        Await.until("gone with the last consumer", () -> queue("jms.shared|everyone") == null);
    }

    @Test
    void sharedDurableSubscriptionKeepsMessagesUntilUnsubscribed() throws Exception {
        Session a = session(null);
        Session b = session(null);
        Topic t = a.createTopic("orders.#");
        MessageConsumer c1 = a.createSharedDurableConsumer(t, "audit");
        MessageConsumer c2 = b.createSharedDurableConsumer(b.createTopic("orders.#"), "audit");
        Queue q = queue("jms.durable|audit");
        assertNotNull(q);
        assertTrue(q.durable());
        Await.until("two consumers", () -> q.consumerCount() == 2);
        send(a, a.createTopic("orders.new"), 10);
        receiveShared(10, c1, c2);
        c1.close();
        c2.close();

        send(a, a.createTopic("orders.paid"), 3);
        Await.until("kept while nobody is subscribed", () -> queue("jms.durable|audit").readyCount() == 3);
        MessageConsumer back = b.createSharedDurableConsumer(b.createTopic("orders.#"), "audit");
        receiveShared(3, back);
        back.close();

        a.unsubscribe("audit");
        assertNull(queue("jms.durable|audit"));
    }

    @Test
    void sharedDurableWithAClientIdIsThatClientsOwn() throws Exception {
        Session s = session("billing");
        Topic t = s.createTopic("invoices");
        MessageConsumer c = s.createSharedDurableConsumer(t, "ledger");
        assertNotNull(queue("jms.durable.billing|ledger"));
        assertNull(queue("jms.durable|ledger"));
        send(s, t, 2);
        receiveShared(2, c);
        c.close();
        s.unsubscribe("ledger");
        assertNull(queue("jms.durable.billing|ledger"));
        assertFalse(broker.broker().vhosts().get("/").queues().stream().anyMatch(q -> q.name().startsWith("jms.")));
    }
}
