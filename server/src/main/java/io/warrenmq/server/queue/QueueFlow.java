package io.warrenmq.server.queue;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Publisher flow control for one queue: holds publishers back while its consumers cannot keep up,
 * so the publish rate settles at the delivery rate instead of the queue (and every message's
 * latency) growing without bound. RabbitMQ reaches the same end with credit flow between its
 * reader, channel and queue processes (https://www.rabbitmq.com/docs/flow-control).
 *
 * <p>The queue is <em>congested</em> while it has consumers, it delivered to one of them within
 * the last {@link #STALL_NANOS} (they are draining it, just not fast enough), and more than
 * {@link #HIGH} messages are ready; it stops being congested at {@link #LOW} messages, when its
 * consumers are gone, or when nothing has been delivered for {@link #STALL_NANOS} (consumers
 * stuck at their prefetch limit: then, as in RabbitMQ, publishers are not held back and the
 * backlog grows). A queue without consumers is never congested, so a backlog can be published
 * at full speed.
 *
 * <p>Publishers that meet a congested queue stop reading their socket ({@code PublisherFlow} in
 * the connection package) and register here; they are told when congestion ends.
 *
 * <p>Thread-safety: {@link #congested()} and {@link #await} from any thread; the rest on the
 * queue's loop.
 */
public final class QueueFlow {
    /** Ready messages above which a draining queue holds publishers back. */
    static final int HIGH = 2048;
    /** Ready messages at or below which held publishers go again. */
    static final int LOW = 512;
    /** No delivery for this long: consumers are stuck, not slow, and publishers are let go. */
    static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Queue queue;
    private final EventExecutor loop;
    /** Made by the first publisher held back: most queues never are, and every queue has one of these. */
    private volatile ConcurrentLinkedQueue<FlowWaiter> waiters;
    private volatile boolean congested;
    private long lastDelivery;
    /** Whether {@link #lastDelivery} has been set: there is no "never" value on a nanoTime clock. */
    private boolean everDelivered;
    private boolean stallCheckArmed;
    private java.util.function.LongSupplier clock = System::nanoTime;

    QueueFlow(Queue queue, EventExecutor loop) {
        this.queue = queue;
        this.loop = loop;
    }

    /** Tests: the clock the stall rule reads (the timer itself runs on the loop's clock). */
    void useClock(java.util.function.LongSupplier nanos) {
        this.clock = nanos;
    }

    public boolean congested() {
        return congested;
    }

    /**
     * Any thread: {@code waiter} met this queue congested and stopped reading; it is told once
     * congestion ends (at once if it already has).
     */
    public void await(FlowWaiter waiter) {
        ConcurrentLinkedQueue<FlowWaiter> w = waiters;
        if (w == null) {
            synchronized (this) {
                if (waiters == null) {
                    waiters = new ConcurrentLinkedQueue<>();
                }
                w = waiters;
            }
        }
        w.add(waiter);
        if (!congested) {
            // the queue may have ended congestion before the add: it would not see this waiter
            waiter.decongested(queue);
        }
    }

    /**
     * Queue's loop, after each batch: {@code delivered} is whether this batch delivered anything.
     *
     * <p>why "delivered recently" and not "delivered in this batch": a batch of publishes often
     * runs while every consumer is at its prefetch limit, waiting for acks that sit behind the
     * publisher's own socket read on the same loop; keyed on the batch alone, a flood of such
     * batches grew the queue by tens of thousands before one of them happened to deliver.
     */
    void update(int ready, boolean hasConsumers, boolean delivered) {
        boolean overHigh = hasConsumers && ready > HIGH;
        long now = delivered || congested || overHigh ? clock.getAsLong() : 0;
        if (delivered) {
            lastDelivery = now;
            everDelivered = true;
        }
        if (congested) {
            if (ready <= LOW || !hasConsumers || now - lastDelivery > STALL_NANOS) {
                end();
            }
        } else if (overHigh && everDelivered && now - lastDelivery <= STALL_NANOS) {
            congested = true;
            armStallCheck();
        }
    }

    /** Queue's loop: the queue is gone (or the broker stops); nobody waits for it any more. */
    void end() {
        congested = false;
        ConcurrentLinkedQueue<FlowWaiter> held = waiters;
        if (held == null) {
            return;
        }
        for (FlowWaiter w; (w = held.poll()) != null; ) {
            w.decongested(queue);
        }
    }

    /**
     * why a timer: with consumers stuck and publishers held, nothing else would run the queue's
     * loop again to notice the stall.
     */
    private void armStallCheck() {
        if (stallCheckArmed) {
            return;
        }
        stallCheckArmed = true;
        loop.schedule(() -> queue.afterFlowCheck(), STALL_NANOS, TimeUnit.NANOSECONDS);
    }

    /** Queue's loop: the stall timer fired. */
    void stallCheck(int ready, boolean hasConsumers) {
        stallCheckArmed = false;
        if (congested) {
            update(ready, hasConsumers, false);
            if (congested) {
                armStallCheck();
            }
        }
    }
}
