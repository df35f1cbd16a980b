package io.warrenmq.server.channel;

import io.warrenmq.server.queue.Queue;
import io.warrenmq.store.QueueEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * An open AMQP transaction ({@code tx.select}): publishes and acks/nacks/rejects wait here until
 * {@code tx.commit} applies them or {@code tx.rollback} discards them.
 *
 * <p>As in RabbitMQ, a settlement is checked against the unacked deliveries when it arrives (an
 * unknown tag is a 406 at once) and leaves the unacked log then; a rollback puts those deliveries
 * back, unacknowledged. Publishes are routed when they arrive and enqueued at commit.
 *
 * <p>Thread-safety: confined to the channel's event loop.
 */
final class Transaction {
    private record Publish(Queue queue, QueueEntry entry) {
    }

    private final AmqpChannel channel;
    private final List<Publish> publishes = new ArrayList<>();
    private final List<UnackedLog.Removed> requeued = new ArrayList<>();
    private final List<UnackedLog.Removed> dropped = new ArrayList<>();

    Transaction(AmqpChannel channel) {
        this.channel = channel;
    }

    void publish(Queue queue, QueueEntry entry) {
        publishes.add(new Publish(queue, entry));
    }

    /** A sink that parks settlements: acks and drops (requeue false) or requeues. */
    UnackedLog.Sink settlements(boolean requeue) {
        List<UnackedLog.Removed> into = requeue ? requeued : dropped;
        return (tag, queue, consumer, entry) -> into.add(new UnackedLog.Removed(tag, queue, consumer, entry));
    }

    void commit() {
        for (Publish p : publishes) {
            p.queue().enqueue(p.entry());
        }
        publishes.clear();
        channel.applySettlements(dropped, false);
        channel.applySettlements(requeued, true);
        dropped.clear();
        requeued.clear();
    }

    void rollback() {
        for (Publish p : publishes) {
            p.entry().release();
        }
        publishes.clear();
        List<UnackedLog.Removed> back = new ArrayList<>(dropped.size() + requeued.size());
        back.addAll(dropped);
        back.addAll(requeued);
        back.sort((a, b) -> Long.compare(a.tag(), b.tag()));
        dropped.clear();
        requeued.clear();
        channel.restoreUnacked(back);
    }
}
