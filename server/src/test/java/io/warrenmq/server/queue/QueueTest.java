package io.warrenmq.server.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.server.Mailbox;
import io.warrenmq.server.vhost.VirtualHost;
import io.warrenmq.store.Message;
import io.warrenmq.store.QueueEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Queue dispatch with fake consumer owners, all on an {@link EmbeddedChannel}'s event loop: tasks run
 * only when the test calls {@link #run()}, so every interleaving here is deterministic.
 */
class QueueTest {
    private final EmbeddedChannel loopHolder = new EmbeddedChannel();
    private final VirtualHost vhost = new VirtualHost("/");
    private final List<FakeOwner> owners = new ArrayList<>();
    private final List<Queue> queues = new ArrayList<>();
    /** Entries handed to the test by basic.get; released at the end unless requeued. */
    private final List<QueueEntry> gotten = new ArrayList<>();

    /** A channel stand-in: records deliveries and cancellations, holds delivered entries. */
    private final class FakeOwner implements ConsumerOwner {
        final Mailbox mailbox = new Mailbox(loopHolder.eventLoop(), new Mailbox.Handler() {
            @Override
            public void handle(Object item) {
                if (!Delivery.handOver(item)) {
                    ((Runnable) item).run();
                }
            }

            @Override
            public void afterBatch() {
            }
        });
        final List<Consumer> deliveredTo = new ArrayList<>();
        final List<QueueEntry> held = new ArrayList<>();
        final List<Consumer> cancelled = new ArrayList<>();
        volatile boolean accepting = true;

        FakeOwner() {
            owners.add(this);
        }

        @Override
        public Mailbox mailbox() {
            return mailbox;
        }

        @Override
        public boolean acceptingDeliveries() {
            return accepting;
        }

        @Override
        public void deliver(Consumer consumer, QueueEntry entry) {
            consumer.arrived();
            deliveredTo.add(consumer);
            held.add(entry);
        }

        @Override
        public void cancelledByQueue(Consumer consumer) {
            cancelled.add(consumer);
        }

        List<String> bodies() {
            return held.stream().map(QueueTest::body).toList();
        }
    }

    @AfterEach
    void tearDown() {
        for (Queue q : queues) {
            q.deleteAsync();
        }
        run();
        owners.forEach(o -> o.held.forEach(QueueEntry::release));
        gotten.forEach(QueueEntry::release);
        loopHolder.finishAndReleaseAll();
    }

    private void run() {
        loopHolder.runPendingTasks();
    }

    private Queue queue(String name, boolean autoDelete) {
        Queue q = new Queue(vhost, name, false, false, autoDelete, FieldTable.EMPTY, null, loopHolder.eventLoop());
        assertTrue(vhost.addQueueIfAbsent(q) == q);
        queues.add(q);
        return q;
    }

    private static QueueEntry entry(String body) {
        return new QueueEntry(new Message("", "q", Unpooled.EMPTY_BUFFER,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), false));
    }

    private static String body(QueueEntry e) {
        return e.message().body().toString(StandardCharsets.UTF_8);
    }

    private static void publish(Queue q, String... bodies) {
        for (String b : bodies) {
            q.enqueue(entry(b));
        }
    }

    /** Adds a consumer and asserts the queue accepted it. */
    private Consumer consume(Queue q, FakeOwner owner, String tag, boolean noAck, int prefetch, ChannelCredit credit) {
        Consumer c = new Consumer(tag, q, owner, noAck, false, prefetch, credit);
        AtomicReference<Queue.Reply<Void>> reply = new AtomicReference<>();
        q.addConsumer(c, owner.mailbox(), reply::set);
        run();
        assertNotNull(reply.get(), "no reply to addConsumer");
        assertNull(reply.get().error());
        return c;
    }

    private QueueEntry get(Queue q, FakeOwner replyTo) {
        AtomicReference<Queue.Got> got = new AtomicReference<>();
        q.get(false, replyTo.mailbox(), got::set);
        run();
        assertNotNull(got.get(), "no reply to get");
        if (got.get().entry() != null) {
            gotten.add(got.get().entry());
        }
        return got.get().entry();
    }

    // ---- Dispatch --------------------------------------------------------------------------

    private static QueueEntry coloured(String body, String colour) {
        io.netty.buffer.ByteBuf props = Unpooled.buffer();
        new io.warrenmq.codec.types.BasicProperties(null, null, FieldTable.of(java.util.Map.of("colour", colour)), null,
                null, null, null, null, null, null, null, null, null, null).write(props);
        return new QueueEntry(new Message("", "q", props, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), false));
    }

    private static ConsumerFilter colour(String wanted) {
        return p -> p.headers() != null && wanted.equals(p.headers().get("colour"));
    }

    private Consumer consumeFiltered(Queue q, FakeOwner owner, String tag, ConsumerFilter filter) {
        Consumer c = new Consumer(tag, q, owner, true, false, 0, new ChannelCredit()).withFilter(filter);
        AtomicReference<Queue.Reply<Void>> reply = new AtomicReference<>();
        q.addConsumer(c, owner.mailbox(), reply::set);
        run();
        assertNull(reply.get().error());
        return c;
    }

    @Test
    void aFilteredConsumerTakesOnlyWhatItAcceptsAndTheRestStaysInOrder() {
        Queue q = queue("q", false);
        FakeOwner blues = new FakeOwner();
        FakeOwner reds = new FakeOwner();
        for (String[] m : new String[][] {{"r1", "red"}, {"g1", "green"}, {"b1", "blue"}, {"r2", "red"}, {"b2", "blue"}}) {
            q.enqueue(coloured(m[0], m[1]));
        }
        run();
        consumeFiltered(q, blues, "blue", colour("blue"));
        run();
        assertEquals(List.of("b1", "b2"), blues.bodies(), "found past the head");
        assertEquals(3, q.readyCount());
        consumeFiltered(q, reds, "red", colour("red"));
        run();
        assertEquals(List.of("r1", "r2"), reds.bodies());
        assertEquals(1, q.readyCount(), "the green one is nobody's yet");

        FakeOwner anyone = new FakeOwner();
        consume(q, anyone, "any", true, 0, new ChannelCredit());
        run();
        assertEquals(List.of("g1"), anyone.bodies());

        // with an unfiltered consumer there, the head goes to whoever takes it, round-robin
        q.enqueue(coloured("b3", "blue"));
        q.enqueue(coloured("g2", "green"));
        q.enqueue(coloured("r3", "red"));
        run();
        assertEquals(List.of("b1", "b2", "b3"), blues.bodies());
        assertEquals(List.of("r1", "r2", "r3"), reds.bodies());
        assertEquals(List.of("g1", "g2"), anyone.bodies());
        assertEquals(0, q.readyCount());
    }

    @Test
    void aFilterThatCannotReadAMessageDoesNotTakeIt() {
        Queue q = queue("q", false);
        FakeOwner owner = new FakeOwner();
        consumeFiltered(q, owner, "f", p -> {
            throw new IllegalStateException("broken filter");
        });
        publish(q, "x");
        run();
        assertEquals(List.of(), owner.bodies());
        assertEquals(1, q.readyCount());
    }

    @Test
    void messagesAreDispatchedRoundRobinAmongConsumers() {
        Queue q = queue("q", false);
        FakeOwner owner = new FakeOwner();
        Consumer a = consume(q, owner, "a", true, 0, new ChannelCredit());
        Consumer b = consume(q, owner, "b", true, 0, new ChannelCredit());
        Consumer c = consume(q, owner, "c", true, 0, new ChannelCredit());

        publish(q, "0", "1", "2", "3", "4", "5", "6");
        run();

        assertEquals(List.of(a, b, c, a, b, c, a), owner.deliveredTo);
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6"), owner.bodies());
        assertEquals(0, q.readyCount());
        assertEquals(3, q.consumerCount());
    }

    @Test
    void roundRobinContinuesWhereThePreviousBatchStopped() {
        Queue q = queue("q", false);
        FakeOwner owner = new FakeOwner();
        Consumer a = consume(q, owner, "a", true, 0, new ChannelCredit());
        Consumer b = consume(q, owner, "b", true, 0, new ChannelCredit());

        publish(q, "0");
        run();
        publish(q, "1");
        run();
        publish(q, "2");
        run();

        assertEquals(List.of(a, b, a), owner.deliveredTo);
    }

    @Test
    void consumerPrefetchBoundsUnackedDeliveries() {
        Queue q = queue("q", false);
        FakeOwner owner = new FakeOwner();
        Consumer c = consume(q, owner, "c", false, 2, new ChannelCredit());

        publish(q, "0", "1", "2", "3", "4");
        run();
        assertEquals(List.of("0", "1"), owner.bodies());
        assertEquals(3, q.readyCount());

        c.settled(1); // an ack frees one slot and nudges the queue
        run();
        assertEquals(List.of("0", "1", "2"), owner.bodies());

        c.settled(2);
        run();
        assertEquals(List.of("0", "1", "2", "3", "4"), owner.bodies());
        assertEquals(0, q.readyCount());
    }

    @Test
    void fullConsumerIsSkippedInFavourOfOneWithCredit() {
        Queue q = queue("q", false);
        FakeOwner owner = new FakeOwner();
        Consumer slow = consume(q, owner, "slow", false, 1, new ChannelCredit());
        Consumer fast = consume(q, owner, "fast", true, 0, new ChannelCredit());

        publish(q, "0", "1", "2", "3");
        run();

        assertEquals(List.of(slow, fast, fast, fast), owner.deliveredTo);
    }

    @Test
    void channelWideCreditBoundsDeliveriesAcrossConsumers() {
        Queue q = queue("q", false);
        FakeOwner owner = new FakeOwner();
        ChannelCredit credit = new ChannelCredit();
        credit.limit(3);
        Consumer a = consume(q, owner, "a", false, 0, credit);
        Consumer b = consume(q, owner, "b", false, 0, credit);

        publish(q, "0", "1", "2", "3", "4", "5");
        run();
        assertEquals(3, owner.held.size());

        // the channel settles one of a's deliveries: global credit was exhausted, so it nudges
        assertTrue(a.settled(1));
        q.nudge();
        run();
        assertEquals(4, owner.held.size());
        assertEquals(List.of(a, b, a, b), owner.deliveredTo);
    }

    @Test
    void noDeliveriesWhileTheOwnerIsNotAcceptingThenResumeOnNudge() {
        Queue q = queue("q", false);
        FakeOwner owner = new FakeOwner();
        owner.accepting = false;
        consume(q, owner, "c", true, 0, new ChannelCredit());

        publish(q, "0", "1");
        run();
        assertEquals(List.of(), owner.bodies());
        assertEquals(2, q.readyCount());

        owner.accepting = true;
        q.nudge();
        run();
        assertEquals(List.of("0", "1"), owner.bodies());
    }

    @Test
    void cancelledConsumerGetsNothingMore() {
        Queue q = queue("q", false);
        FakeOwner owner = new FakeOwner();
        Consumer a = consume(q, owner, "a", true, 0, new ChannelCredit());
        Consumer b = consume(q, owner, "b", true, 0, new ChannelCredit());
        a.cancel();
        q.removeConsumer(a);
        run();

        publish(q, "0", "1");
        run();

        assertEquals(List.of(b, b), owner.deliveredTo);
        assertEquals(1, q.consumerCount());
    }

    // ---- Requeue ---------------------------------------------------------------------------

    @Test
    void requeueRestoresOriginalOrderWithRedeliveredSet() {
        Queue q = queue("q", false);
        FakeOwner owner = new FakeOwner();
        publish(q, "0", "1", "2", "3", "4");
        QueueEntry e0 = get(q, owner);
        QueueEntry e1 = get(q, owner);
        QueueEntry e2 = get(q, owner);
        assertFalse(e0.redelivered());

        gotten.removeAll(List.of(e2, e0)); // ownership goes back to the queue
        q.requeue(List.of(e2, e0));
        run();

        List<String> order = new ArrayList<>();
        List<Boolean> redelivered = new ArrayList<>();
        for (QueueEntry e; (e = get(q, owner)) != null; ) {
            order.add(body(e));
            redelivered.add(e.redelivered());
        }
        assertEquals(List.of("0", "2", "3", "4"), order);
        assertEquals(List.of(true, true, false, false), redelivered);
        assertFalse(e1.redelivered());
    }

    @Test
    void requeuedDeliveriesGoBackToConsumersAheadOfNewerMessages() {
        Queue q = queue("q", false);
        FakeOwner owner = new FakeOwner();
        Consumer c = consume(q, owner, "c", false, 3, new ChannelCredit());
        publish(q, "0", "1", "2", "3", "4");
        run();
        assertEquals(List.of("0", "1", "2"), owner.bodies());

        // nack(requeue) of "2" then "0", as a channel does: settle, then hand the entries back
        QueueEntry e0 = owner.held.get(0);
        QueueEntry e2 = owner.held.get(2);
        owner.held.removeAll(List.of(e0, e2));
        c.settled(2);
        q.requeue(List.of(e2, e0));
        run();

        assertEquals(List.of("1", "0", "2"), owner.bodies());
        assertTrue(owner.held.get(1).redelivered());
        assertTrue(owner.held.get(2).redelivered());
        assertEquals(2, q.readyCount());
    }

    @Test
    void getReportsHowManyRemainReady() {
        Queue q = queue("q", false);
        FakeOwner owner = new FakeOwner();
        publish(q, "0", "1", "2");
        AtomicReference<Queue.Got> got = new AtomicReference<>();
        q.get(false, owner.mailbox(), got::set);
        run();
        gotten.add(got.get().entry());
        assertEquals("0", body(got.get().entry()));
        assertEquals(2, got.get().remaining());
    }

    // ---- Delete ----------------------------------------------------------------------------

    @Test
    void deleteCancelsConsumersDropsMessagesAndUnregisters() {
        Queue q = queue("q", false);
        FakeOwner one = new FakeOwner();
        FakeOwner two = new FakeOwner();
        one.accepting = false;
        two.accepting = false;
        Consumer a = consume(q, one, "a", false, 0, new ChannelCredit());
        Consumer b = consume(q, two, "b", false, 0, new ChannelCredit());
        publish(q, "0", "1", "2");
        run();

        AtomicReference<Queue.Reply<Integer>> reply = new AtomicReference<>();
        q.delete(false, false, one.mailbox(), reply::set);
        run();

        assertNull(reply.get().error());
        assertEquals(3, reply.get().value());
        assertEquals(List.of(a), one.cancelled);
        assertEquals(List.of(b), two.cancelled);
        assertNull(vhost.queue("q"));
        assertEquals(0, q.consumerCount());
        assertEquals(0, q.readyCount());

        // a late publish is dropped (and released), a late consumer refused with 404
        publish(q, "late");
        run();
        AtomicReference<Queue.Reply<Void>> late = new AtomicReference<>();
        q.addConsumer(new Consumer("late", q, one, true, false, 0, new ChannelCredit()), one.mailbox(), late::set);
        run();
        assertEquals(404, late.get().error().code().code());
    }

    @Test
    void deleteIfUnusedIsRefusedWhileAConsumerIsAttached() {
        Queue q = queue("q", false);
        FakeOwner owner = new FakeOwner();
        consume(q, owner, "c", true, 0, new ChannelCredit());

        AtomicReference<Queue.Reply<Integer>> reply = new AtomicReference<>();
        q.delete(true, false, owner.mailbox(), reply::set);
        run();

        assertEquals(406, reply.get().error().code().code());
        assertNotNull(vhost.queue("q"));
        assertEquals(List.of(), owner.cancelled);
    }

    @Test
    void deleteIfEmptyIsRefusedWhileMessagesAreReady() {
        Queue q = queue("q", false);
        FakeOwner owner = new FakeOwner();
        publish(q, "0");

        AtomicReference<Queue.Reply<Integer>> reply = new AtomicReference<>();
        q.delete(false, true, owner.mailbox(), reply::set);
        run();

        assertEquals(406, reply.get().error().code().code());
        assertEquals(1, q.readyCount());
    }

    @Test
    void autoDeleteQueueGoesAwayWithItsLastConsumer() {
        Queue q = queue("q", true);
        FakeOwner owner = new FakeOwner();
        Consumer a = consume(q, owner, "a", true, 0, new ChannelCredit());
        Consumer b = consume(q, owner, "b", true, 0, new ChannelCredit());

        q.removeConsumer(a);
        run();
        assertNotNull(vhost.queue("q"));

        q.removeConsumer(b);
        run();
        assertNull(vhost.queue("q"));
    }

    @Test
    void exclusiveConsumerExcludesOthersBothWays() {
        Queue q = queue("q", false);
        FakeOwner owner = new FakeOwner();
        Consumer exclusive = new Consumer("x", q, owner, true, true, 0, new ChannelCredit());
        AtomicReference<Queue.Reply<Void>> first = new AtomicReference<>();
        q.addConsumer(exclusive, owner.mailbox(), first::set);
        run();
        assertNull(first.get().error());

        AtomicReference<Queue.Reply<Void>> second = new AtomicReference<>();
        q.addConsumer(new Consumer("y", q, owner, true, false, 0, new ChannelCredit()), owner.mailbox(), second::set);
        run();
        assertEquals(403, second.get().error().code().code());

        Queue shared = queue("shared", false);
        consume(shared, owner, "z", true, 0, new ChannelCredit());
        AtomicReference<Queue.Reply<Void>> third = new AtomicReference<>();
        shared.addConsumer(new Consumer("x2", shared, owner, true, true, 0, new ChannelCredit()), owner.mailbox(),
                third::set);
        run();
        assertEquals(403, third.get().error().code().code());
    }
}
