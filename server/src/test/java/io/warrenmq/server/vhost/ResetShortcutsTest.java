package io.warrenmq.server.vhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.exchange.ExchangeType;
import io.warrenmq.server.queue.Queue;
import io.warrenmq.store.Message;
import io.warrenmq.store.QueueEntry;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the testkit's reset relies on to skip work: {@link VirtualHost#routingVersion()} moves on
 * every exchange and binding change and only then, and {@link Queue#idleAndEmpty()} is false while
 * a message is ready or still in the queue's inbox. The queue's loop is an {@link EmbeddedChannel}'s,
 * so posted work waits until the test runs it.
 */
class ResetShortcutsTest {
    private final EmbeddedChannel loopHolder = new EmbeddedChannel();
    private final VirtualHost vhost = new VirtualHost("/");

    @AfterEach
    void tearDown() {
        for (Queue q : vhost.queues()) {
            q.deleteAsync();
        }
        loopHolder.runPendingTasks();
        loopHolder.finishAndReleaseAll();
    }

    private Queue queue(String name) {
        Queue q = new Queue(vhost, name, false, false, false, FieldTable.EMPTY, null, loopHolder.eventLoop());
        vhost.addQueueIfAbsent(q);
        loopHolder.runPendingTasks();
        return q;
    }

    private Exchange exchange(String name, boolean autoDelete) {
        return vhost.declareExchange(new Exchange(name, ExchangeType.DIRECT, false, autoDelete, false, FieldTable.EMPTY));
    }

    private static void assertMoves(LongSupplier version, Runnable change, String what) {
        long before = version.getAsLong();
        change.run();
        assertNotEquals(before, version.getAsLong(), what + " moves the routing version");
    }

    private static void assertStays(LongSupplier version, Runnable change, String what) {
        long before = version.getAsLong();
        change.run();
        assertEquals(before, version.getAsLong(), what + " leaves the routing version");
    }

    @Test
    void everyExchangeAndBindingChangeMovesTheRoutingVersion() {
        LongSupplier v = vhost::routingVersion;
        Queue q = queue("q");
        Exchange[] x = new Exchange[1];
        assertMoves(v, () -> x[0] = exchange("x", false), "declaring an exchange");
        assertMoves(v, () -> vhost.bind(x[0], q, "k", FieldTable.EMPTY), "binding");
        assertMoves(v, () -> vhost.unbind(x[0], q, "k", FieldTable.EMPTY, () -> { }), "unbinding");
        vhost.bind(x[0], q, "k", FieldTable.EMPTY);
        assertMoves(v, () -> vhost.deleteExchange(x[0], false), "deleting an exchange");
        Exchange y = exchange("y", false);
        vhost.bind(y, q, "k", FieldTable.EMPTY);
        assertMoves(v, () -> vhost.removeQueue(q), "deleting a queue that has a binding");
    }

    @Test
    void anAutoDeleteExchangeGoingWithItsLastBindingMovesIt() {
        Queue q = queue("q");
        Exchange auto = exchange("auto", true);
        vhost.bind(auto, q, "k", FieldTable.EMPTY);
        long before = vhost.routingVersion();
        vhost.removeQueue(q);
        assertTrue(vhost.exchange("auto") == null, "the auto-delete exchange went with its last binding");
        assertNotEquals(before, vhost.routingVersion());
    }

    @Test
    void queuesWithoutBindingsAndNoOpsLeaveTheRoutingVersion() {
        LongSupplier v = vhost::routingVersion;
        Exchange x = exchange("x", false);
        Queue[] q = new Queue[1];
        assertStays(v, () -> q[0] = queue("unbound"), "declaring a queue");
        assertStays(v, () -> exchange("x", false), "re-declaring an exchange");
        assertStays(v, () -> vhost.unbind(x, q[0], "none", FieldTable.EMPTY, () -> { }), "unbinding what is not bound");
        vhost.bind(x, q[0], "k", FieldTable.EMPTY);
        assertStays(v, () -> vhost.bind(x, q[0], "k", FieldTable.EMPTY), "binding what is bound");
        Queue other = queue("other");
        assertStays(v, () -> vhost.removeQueue(other), "deleting a queue without bindings");
    }

    @Test
    void aQueueIsIdleAndEmptyOnlyWhenNothingIsReadyOrOnItsWay() {
        Queue q = queue("q");
        assertTrue(q.idleAndEmpty(), "a new queue");
        q.enqueue(new QueueEntry(new Message("", "q", Unpooled.EMPTY_BUFFER,
                Unpooled.copiedBuffer("m", StandardCharsets.UTF_8), false)));
        assertFalse(q.idleAndEmpty(), "a message in the inbox, not yet handled");
        loopHolder.runPendingTasks();
        assertEquals(1, q.readyCount());
        assertFalse(q.idleAndEmpty(), "a ready message");
        int[] purged = {-1};
        q.purge(new io.warrenmq.server.Mailbox(loopHolder.eventLoop(), new io.warrenmq.server.Mailbox.Handler() {
            @Override
            public void handle(Object item) {
                ((Runnable) item).run();
            }

            @Override
            public void afterBatch() {
            }
        }), n -> purged[0] = n);
        assertFalse(q.idleAndEmpty(), "a purge posted, not yet run");
        loopHolder.runPendingTasks();
        assertEquals(1, purged[0]);
        assertTrue(q.idleAndEmpty(), "purged");
    }
}
