package io.warrenmq.server.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.server.vhost.VirtualHost;
import io.warrenmq.store.Message;
import io.warrenmq.store.QueueEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link QueueFlow}'s state machine driven through a real {@link Queue} on an
 * {@link EmbeddedChannel}'s loop (tasks and timers run only when the test says so), with a fake
 * clock for the stall rule.
 */
class QueueFlowTest {
    private final EmbeddedChannel loopHolder = new EmbeddedChannel();
    private final VirtualHost vhost = new VirtualHost("/");
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<QueueEntry> held = new ArrayList<>();
    private final List<Queue> notified = new ArrayList<>();
    private final FlowWaiter waiter = notified::add;
    private Queue queue;

    /** Holds what it is given (manual ack), always accepting. */
    private final ConsumerOwner owner = new TestOwner(loopHolder.eventLoop(), item -> {
        if (item instanceof QueueEntry entry) {
            Delivery.consumer(entry).arrived();
            held.add(entry);
        } else {
            ((Runnable) item).run();
        }
    }, (consumer, entry) -> held.add(entry));

    @AfterEach
    void release() {
        held.forEach(QueueEntry::release);
        if (queue != null) {
            queue.deleteAsync();
            run();
        }
        loopHolder.finishAndReleaseAll();
    }

    private void run() {
        loopHolder.runPendingTasks();
    }

    private Queue newQueue() {
        queue = new Queue(vhost, "q", false, false, false, FieldTable.EMPTY, null, loopHolder.eventLoop());
        vhost.addQueueIfAbsent(queue);
        queue.flow().useClock(now::get);
        return queue;
    }

    private void publish(int n) {
        for (int i = 0; i < n; i++) {
            queue.enqueue(new QueueEntry(new Message("", "q", Unpooled.EMPTY_BUFFER, Unpooled.buffer(0), false)));
        }
        run();
    }

    private Consumer consume(int prefetch) {
        Consumer c = new Consumer("c", queue, owner, false, false, prefetch, new ChannelCredit());
        AtomicReference<Queue.Reply<Void>> reply = new AtomicReference<>();
        queue.addConsumer(c, owner.mailbox(), reply::set);
        run();
        return c;
    }

    @Test
    void aDrainingQueueAboveHighIsCongestedUntilItIsBackAtLow() {
        newQueue();
        Consumer c = consume(100);
        publish(QueueFlow.HIGH + 200);
        assertTrue(queue.flow().congested(), "delivering, and more than HIGH ready");

        queue.flow().await(waiter);
        assertEquals(List.of(), notified);
        // acks let the consumer drain in steps of 100; the waiter is told only once LOW is reached
        while (queue.readyCount() > QueueFlow.LOW) {
            assertTrue(queue.flow().congested(), "still above LOW: " + queue.readyCount());
            assertEquals(List.of(), notified);
            c.settled(100);
            run();
        }
        assertFalse(queue.flow().congested());
        assertEquals(List.of(queue), notified);
    }

    @Test
    void publishesThatArriveWhileConsumersWaitForTheirAcksCongestAQueueThatDeliveredRecently() {
        newQueue();
        consume(100);
        publish(100); // the consumer is now at its prefetch limit
        publish(QueueFlow.HIGH + 100); // a batch that delivers nothing: the consumer's acks are still on their way
        assertTrue(queue.flow().congested(), "delivered within the stall time, and more than HIGH ready");
    }

    @Test
    void consumersThatHaveNotTakenAnythingForTheStallTimeDoNotCongestTheQueue() {
        newQueue();
        consume(100);
        publish(100);
        now.addAndGet(QueueFlow.STALL_NANOS + 1);
        publish(QueueFlow.HIGH + 100);
        assertFalse(queue.flow().congested(), "stuck consumers never hold publishers back");
    }

    @Test
    void aQueueWithoutConsumersIsNeverCongested() {
        newQueue();
        publish(QueueFlow.HIGH * 4);
        assertFalse(queue.flow().congested());
        queue.flow().await(waiter);
        assertEquals(List.of(queue), notified, "a waiter that registers too late is told at once");
    }

    @Test
    void consumersThatStopTakingMessagesReleasePublishersAfterTheStallTime() {
        loopHolder.freezeTime();
        newQueue();
        consume(100); // never acks after its first 100
        publish(QueueFlow.HIGH + 500);
        assertTrue(queue.flow().congested());
        queue.flow().await(waiter);

        now.addAndGet(QueueFlow.STALL_NANOS + 1);
        loopHolder.advanceTimeBy(QueueFlow.STALL_NANOS + 1, TimeUnit.NANOSECONDS);
        loopHolder.runScheduledPendingTasks();
        run();
        assertFalse(queue.flow().congested(), "no delivery for the stall time: publishers go");
        assertEquals(List.of(queue), notified);
    }

    @Test
    void deletingACongestedQueueReleasesItsWaiters() {
        newQueue();
        consume(10);
        publish(QueueFlow.HIGH + 100);
        assertTrue(queue.flow().congested());
        queue.flow().await(waiter);
        queue.deleteAsync();
        run();
        queue = null;
        assertEquals(1, notified.size());
    }
}
