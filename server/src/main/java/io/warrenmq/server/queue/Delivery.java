package io.warrenmq.server.queue;

import io.warrenmq.server.Mailbox;
import io.warrenmq.store.QueueEntry;

/**
 * A message on its way from a queue's loop to the consumer's connection loop: the {@link QueueEntry}
 * itself, posted to the connection's {@link Mailbox} with its consumer as {@link QueueEntry#recipient()}.
 *
 * <p>why: a record wrapping consumer and entry cost an object per delivery. A connection's mailbox gets
 * no other entries, so an entry there is always a delivery.
 *
 * <p>Thread-safety: {@link #post} on the queue's loop, {@link #handOver} on the connection's; the mailbox
 * orders the recipient's write before its read.
 */
public final class Delivery {
    private Delivery() {
    }

    /** Queue's loop: posts {@code entry} to {@code consumer}'s connection. */
    static void post(Consumer consumer, QueueEntry entry) {
        entry.recipient(consumer);
        consumer.owner().mailbox().post(entry);
    }

    /** The consumer a posted entry is for. */
    public static Consumer consumer(QueueEntry entry) {
        return (Consumer) entry.recipient();
    }

    /**
     * Connection's loop, for each mailbox item: if it is a delivery, hands it to its consumer's owner
     * ({@link ConsumerOwner#deliver}) and returns true.
     */
    public static boolean handOver(Object item) {
        if (item instanceof QueueEntry entry) {
            Consumer consumer = consumer(entry);
            consumer.owner().deliver(consumer, entry);
            return true;
        }
        return false;
    }
}
