package io.warrenmq.server.queue;

import io.netty.buffer.ByteBuf;
import io.warrenmq.codec.types.BasicProperties;
import io.warrenmq.store.QueueEntry;

/**
 * The {@code timestamp} property of a queue's head message, RabbitMQ's
 * {@code head_message_timestamp} (seconds since the epoch). Why only the flag is read first: most
 * messages carry no timestamp, and the queue asks once per batch whose head changed, so the common
 * case costs two byte reads.
 *
 * <p>Thread-safety: stateless; called on the queue's loop.
 */
final class HeadTimestamp {
    /** The timestamp bit of the first property-flags word (property 9 of 14, counted from bit 15). */
    private static final int TIMESTAMP_FLAG = 1 << 6;
    static final long NONE = Long.MIN_VALUE;

    private HeadTimestamp() {
    }

    /**
     * The head's timestamp in seconds, or {@link #NONE} when it has none (or there is no head in
     * memory: a paged-out head shows its timestamp once it is read back for delivery).
     */
    static long of(QueueEntry head) {
        if (head == null) {
            return NONE;
        }
        ByteBuf raw = head.message().properties();
        if (raw.readableBytes() < 2 || (raw.getUnsignedShort(raw.readerIndex()) & TIMESTAMP_FLAG) == 0) {
            return NONE;
        }
        BasicProperties p = BasicProperties.read(raw.duplicate());
        return p.timestamp() == null ? NONE : p.timestamp().getEpochSecond();
    }
}
