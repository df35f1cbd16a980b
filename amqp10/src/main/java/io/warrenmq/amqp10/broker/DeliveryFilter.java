package io.warrenmq.amqp10.broker;

import io.warrenmq.codec.types.BasicProperties;

/**
 * What a subscriber's deliveries must pass: no-local (not published by its own connection) and
 * its JMS selector. Applied by the bridge to messages already in the subscription's own queue, so
 * the ones that fail are settled away (they were never the subscription's).
 *
 * <p>Thread-safety: confined to the subscriber's connection loop.
 */
final class DeliveryFilter {
    private final Origins origins;
    private final String origin;

    private DeliveryFilter(Origins origins, String origin) {
        this.origins = origins;
        this.origin = origin;
    }

    /** Null when {@code filters} let everything through. */
    static DeliveryFilter of(Filters filters, Amqp10Connection connection) {
        if (filters.selector() != null) {
            throw new UnsupportedOperationException("JMS selectors are not supported yet");
        }
        if (!filters.noLocal()) {
            return null;
        }
        connection.origins().subscribed();
        return new DeliveryFilter(connection.origins(), connection.origin());
    }

    boolean accepts(BasicProperties p) {
        return origin == null || !Origins.publishedBy(p, origin);
    }

    /** The subscriber is gone. */
    void release() {
        if (origin != null) {
            origins.unsubscribed();
        }
    }
}
