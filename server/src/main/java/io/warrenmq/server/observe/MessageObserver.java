package io.warrenmq.server.observe;

import io.netty.buffer.ByteBuf;
import io.warrenmq.store.Message;
import java.util.List;

/**
 * Told what happens to each message: published and routed, enqueued, delivered, settled. For
 * tools that watch a broker from inside the JVM (the testkit's journal); registered with
 * {@link io.warrenmq.server.Broker#observeMessages} before the broker starts.
 *
 * <p>Off by default ({@link #NONE}): the broker compares its observer with {@code NONE} once per
 * event and allocates nothing for it (docs/benchmarks.md, "Message observer").
 *
 * <p>Buffers passed in are the broker's own and reference-counted: read them during the call
 * (absolute gets or {@code duplicate()}, never moving their indexes) and copy what you keep; never
 * retain or release them. A {@link Message} is passed only as an identity, to correlate the events
 * of one message (it does not override {@code equals}); do not keep it strongly reachable, its
 * buffers may hold a large body, and do not read its buffers after the call.
 *
 * <p>Thread-safety: implementations must be thread-safe. {@code published}, {@code delivered} and
 * {@code settled} run on the event loop of the channel concerned, {@code enqueued} on the queue's;
 * so two events of one message may arrive on two threads, the publish always first.
 */
public interface MessageObserver {
    /** Observes nothing; the broker skips its calls altogether. */
    MessageObserver NONE = new MessageObserver() {
        @Override
        public String toString() {
            return "MessageObserver.NONE";
        }
    };

    /** Where a publish went. */
    enum Routing {
        /** To at least one queue (listed) and/or a direct reply-to consumer. */
        ROUTED,
        /** Unroutable and mandatory: sent back with {@code basic.return} (312 NO_ROUTE). */
        RETURNED,
        /** Unroutable and not mandatory: dropped. */
        DROPPED
    }

    /** How an unacknowledged delivery was settled. */
    enum Settlement {
        /** {@code basic.ack}. */
        ACKED,
        /** Back to its queue: nack/reject with requeue, {@code basic.recover}, the channel or connection closed. */
        REQUEUED,
        /** nack/reject without requeue: dead-lettered where the queue has a dead-letter exchange, else dropped. */
        REJECTED
    }

    /**
     * A {@code basic.publish} passed its checks and was routed. In a transaction it is reported when
     * it arrives, before the commit (its {@link #enqueued} comes with the commit, or never).
     *
     * @param properties the raw content-header property block (flags, then the property list)
     * @param queues the names of the queues it was routed to, in routing order
     * @param message the message as the queues hold it; null unless {@code routing} is ROUTED
     */
    default void published(String vhost, String exchange, String routingKey, boolean mandatory, ByteBuf properties,
            ByteBuf body, List<String> queues, Routing routing, Message message) {
    }

    /**
     * The queue took the message (after its length limit): from a publish, or dead-lettered (then a
     * message never {@link #published}). A message refused by {@code x-overflow reject-publish} is
     * not reported.
     */
    default void enqueued(String vhost, String queue, Message message) {
    }

    /**
     * The message was written to a client: to a consumer ({@code consumerTag}) or as a
     * {@code basic.get-ok} ({@code consumerTag} null).
     */
    default void delivered(String vhost, String queue, Message message, String consumerTag, long deliveryTag,
            boolean redelivered, boolean autoAck) {
    }

    /** An unacknowledged delivery was settled. */
    default void settled(String vhost, String queue, Message message, long deliveryTag, Settlement settlement) {
    }
}
