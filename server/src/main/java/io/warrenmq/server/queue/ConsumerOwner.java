package io.warrenmq.server.queue;

import io.warrenmq.server.Mailbox;
import io.warrenmq.store.QueueEntry;

/**
 * What a queue needs from the channel a consumer belongs to. Implemented by the AMQP channel;
 * kept as an interface so queues do not depend on the protocol layer.
 */
public interface ConsumerOwner {
    /** The mailbox of the owning connection; deliveries are posted there. */
    Mailbox mailbox();

    /** Any thread: false while the socket is congested or the client paused the channel (flow). */
    boolean acceptingDeliveries();

    /** On the owner's loop: write a delivery, or hand the entry back if the consumer is gone. */
    void deliver(Consumer consumer, QueueEntry entry);

    /** On the owner's loop: the queue went away and dropped this consumer. */
    void cancelledByQueue(Consumer consumer);
}
