package io.warrenmq.server.queue;

import io.netty.buffer.ByteBuf;
import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.types.BasicProperties;
import io.warrenmq.store.QueueEntry;

/**
 * A message's time to live in a queue, as RabbitMQ computes it: the smaller of the queue's
 * {@code x-message-ttl} and the message's {@code expiration} property
 * (https://www.rabbitmq.com/docs/ttl#message-ttl-applied-both). The property was validated at
 * publish, so it is decimal digits here.
 *
 * <p>Stateless.
 */
final class MessageTtl {
    private static final int EXPIRATION_FLAG = 1 << 8;

    private MessageTtl() {
    }

    /** The TTL in milliseconds, or -1 when neither the queue nor the message sets one. */
    static long of(QueueEntry entry, Long queueTtl) {
        long ttl = queueTtl == null ? -1 : queueTtl;
        ByteBuf raw = entry.message().properties();
        if (raw.readableBytes() >= 2 && (raw.getUnsignedShort(raw.readerIndex()) & EXPIRATION_FLAG) != 0) {
            try {
                long perMessage = Long.parseLong(BasicProperties.read(raw.duplicate()).expiration());
                if (perMessage >= 0 && (ttl < 0 || perMessage < ttl)) {
                    ttl = perMessage;
                }
            } catch (NumberFormatException | AmqpException e) {
                // refused at publish; a stored message from before that check simply does not expire
            }
        }
        return ttl;
    }
}
