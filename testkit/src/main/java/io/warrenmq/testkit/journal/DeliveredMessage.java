package io.warrenmq.testkit.journal;

import io.warrenmq.server.observe.MessageObserver.Settlement;

/**
 * One delivery from a queue, as the journal saw it: to a consumer, or by {@code basic.get}.
 *
 * @param vhost the queue's virtual host
 * @param queue the queue it was delivered from
 * @param message the message (shared with {@link MessageJournal#published} and {@link MessageJournal#received})
 * @param consumerTag the consumer it went to; null for a {@code basic.get}
 * @param deliveryTag its delivery tag on the receiving channel
 * @param redelivered the redelivered flag the client saw
 * @param autoAck whether it was delivered without acknowledgement ({@code no-ack})
 * @param settlement how the client settled it: {@code ACKED}, {@code REQUEUED}, {@code REJECTED};
 *     null while unacknowledged and for automatic acknowledgement. A snapshot: ask the journal again
 *     for a later state
 */
public record DeliveredMessage(String vhost, String queue, PublishedMessage message, String consumerTag,
        long deliveryTag, boolean redelivered, boolean autoAck, Settlement settlement) {

    /** Whether it was taken with {@code basic.get}. */
    public boolean viaGet() {
        return consumerTag == null;
    }

    public boolean acked() {
        return settlement == Settlement.ACKED;
    }

    /** The body decoded as UTF-8. */
    public String text() {
        return message.text();
    }

    @Override
    public String toString() {
        return "delivery of " + message + " from queue '" + queue + "' to "
                + (consumerTag == null ? "basic.get" : "consumer '" + consumerTag + "'") + " (tag " + deliveryTag
                + (redelivered ? ", redelivered" : "") + ", "
                + (autoAck ? "auto-ack" : settlement == null ? "unacknowledged" : settlement.name().toLowerCase())
                + ")";
    }
}
