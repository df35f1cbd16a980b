package io.warrenmq.server.channel;

import io.netty.buffer.ByteBuf;
import io.warrenmq.codec.method.BasicMethod;
import io.warrenmq.server.queue.Queue;
import io.warrenmq.server.vhost.ReplyTarget;
import io.warrenmq.store.Message;
import io.warrenmq.store.QueueEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * An open AMQP transaction ({@code tx.select}): publishes and acks/nacks/rejects wait here until
 * {@code tx.commit} applies them or {@code tx.rollback} discards them.
 *
 * <p>As in RabbitMQ, a settlement is checked against the unacked deliveries when it arrives (an
 * unknown tag is a 406 at once) and leaves the unacked log then; a rollback puts those deliveries
 * back, unacknowledged. Publishes are routed when they arrive and enqueued at commit; an unroutable
 * mandatory publish's basic.return is sent at commit too, and not at all after a rollback.
 *
 * <p>Thread-safety: confined to the channel's event loop.
 */
final class Transaction {
    private record Publish(Queue queue, QueueEntry entry) {
    }

    private record Reply(ReplyTarget target, String name, Message message) {
    }

    /** An unroutable mandatory publish: its basic.return, sent at commit. */
    private record Returned(BasicMethod.Return method, ByteBuf properties, ByteBuf body) {
        void release() {
            properties.release();
            body.release();
        }
    }

    private final AmqpChannel channel;
    private final List<Publish> publishes = new ArrayList<>();
    private final List<Reply> replies = new ArrayList<>();
    private final List<Returned> returns = new ArrayList<>();
    private final List<UnackedLog.Removed> requeued = new ArrayList<>();
    private final List<UnackedLog.Removed> acked = new ArrayList<>();
    /** Rejected or nacked without requeue: dead-lettered at commit where the queue has a DLX. */
    private final List<UnackedLog.Removed> rejected = new ArrayList<>();

    Transaction(AmqpChannel channel) {
        this.channel = channel;
    }

    void publish(Queue queue, QueueEntry entry) {
        publishes.add(new Publish(queue, entry));
    }

    /** A direct reply-to publish; takes ownership of one reference of {@code message}. */
    void reply(ReplyTarget target, String name, Message message) {
        replies.add(new Reply(target, name, message));
    }

    /** A basic.return for an unroutable mandatory publish; takes ownership of the buffers. */
    void returned(BasicMethod.Return method, ByteBuf properties, ByteBuf body) {
        returns.add(new Returned(method, properties, body));
    }

    /** A sink that parks settlements: acks, rejects without requeue, or requeues. */
    UnackedLog.Sink settlements(boolean requeue, boolean reject) {
        List<UnackedLog.Removed> into = requeue ? requeued : reject ? rejected : acked;
        return (tag, queue, consumer, entry) -> into.add(new UnackedLog.Removed(tag, queue, consumer, entry));
    }

    /** Publishes waiting for commit (RabbitMQ's messages_uncommitted). */
    int uncommittedPublishes() {
        return publishes.size() + replies.size();
    }

    /** Settlements waiting for commit (RabbitMQ's acks_uncommitted). */
    int uncommittedAcks() {
        return acked.size() + rejected.size() + requeued.size();
    }

    void commit() {
        for (Returned r : returns) {
            try {
                channel.writeContent(r.method(), r.properties(), r.body());
            } finally {
                r.release();
            }
        }
        returns.clear();
        for (Publish p : publishes) {
            p.queue().enqueue(p.entry());
        }
        publishes.clear();
        for (Reply r : replies) {
            r.target().reply(r.name(), r.message());
        }
        replies.clear();
        channel.applySettlements(acked, false, false);
        channel.applySettlements(rejected, false, true);
        channel.applySettlements(requeued, true, false);
        acked.clear();
        rejected.clear();
        requeued.clear();
    }

    void rollback() {
        for (Returned r : returns) {
            r.release();
        }
        returns.clear();
        for (Publish p : publishes) {
            p.entry().release();
        }
        publishes.clear();
        for (Reply r : replies) {
            r.message().release();
        }
        replies.clear();
        List<UnackedLog.Removed> back = new ArrayList<>(acked.size() + rejected.size() + requeued.size());
        back.addAll(acked);
        back.addAll(rejected);
        back.addAll(requeued);
        back.sort((a, b) -> Long.compare(a.tag(), b.tag()));
        acked.clear();
        rejected.clear();
        requeued.clear();
        channel.restoreUnacked(back);
    }
}
