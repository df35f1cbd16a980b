package io.warrenmq.server.channel;

import io.warrenmq.server.observe.MessageObserver;
import io.warrenmq.server.queue.Consumer;
import io.warrenmq.server.queue.Queue;
import io.warrenmq.store.QueueEntry;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One settlement of unacknowledged deliveries (ack, nack, reject, recover, a closing channel):
 * collects them so credit and requeues go out once per queue, and says where each entry goes —
 * back to its queue, to the queue's dead-letter path, or forgotten.
 *
 * <p>Thread-safety: confined to the channel's event loop.
 */
final class Settlement implements UnackedLog.Sink {
    private final AmqpChannel channel;
    private final boolean requeue;
    private final boolean rejected;
    private Map<Queue, List<QueueEntry>> byQueue;
    private boolean channelCreditFreed;

    /** {@code rejected}: nacked or rejected without requeue (dead-lettered where the queue has a DLX). */
    Settlement(AmqpChannel channel, boolean requeue, boolean rejected) {
        this.channel = channel;
        this.requeue = requeue;
        this.rejected = rejected;
    }

    @Override
    public void accept(long tag, Queue queue, Consumer consumer, QueueEntry entry) {
        if (consumer != null && consumer.settled(1)) {
            channelCreditFreed = true;
        }
        MessageObserver observer = channel.observer();
        if (observer != MessageObserver.NONE) {
            observer.settled(queue.vhost().name(), queue.name(), entry.message(), tag,
                    requeue ? MessageObserver.Settlement.REQUEUED
                            : rejected ? MessageObserver.Settlement.REJECTED : MessageObserver.Settlement.ACKED);
        }
        if (requeue) {
            if (byQueue == null) {
                byQueue = new IdentityHashMap<>();
            }
            byQueue.computeIfAbsent(queue, q -> new ArrayList<>()).add(entry);
        } else if (rejected) {
            queue.rejected(entry);
        } else {
            queue.counters().acked();
            channel.stats().ack++;
            queue.forget(entry);
            entry.release();
        }
    }

    void finish() {
        if (byQueue != null) {
            byQueue.forEach(Queue::requeue);
        }
        if (channelCreditFreed) {
            channel.nudgeConsumerQueues();
        }
    }
}
