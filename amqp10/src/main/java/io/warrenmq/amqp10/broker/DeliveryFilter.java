package io.warrenmq.amqp10.broker;

import io.warrenmq.amqp10.selector.Selector;
import io.warrenmq.amqp10.selector.SelectorException;
import io.warrenmq.codec.types.BasicProperties;

/**
 * What a subscriber's deliveries must pass: no-local (not published by its own connection) and
 * its JMS selector. Applied by the bridge to messages already in the subscription's own queue, so
 * the ones that fail are settled away (they were never the subscription's). Not for queue
 * consumers, whose unselected messages must stay for others (refused at attach).
 *
 * <p>Thread-safety: confined to the subscriber's connection loop.
 */
final class DeliveryFilter {
    private final Origins origins;
    /** The subscriber's connection when no-local, else null. */
    private final String origin;
    private final Selector selector;
    private final JmsMessageView view = new JmsMessageView();

    private DeliveryFilter(Origins origins, String origin, Selector selector) {
        this.origins = origins;
        this.origin = origin;
        this.selector = selector;
    }

    /**
     * Null when {@code filters} let everything through; throws IllegalArgumentException for a
     * selector that does not parse (the attach is refused with {@code amqp:invalid-field}).
     */
    static DeliveryFilter of(Filters filters, Amqp10Connection connection) {
        if (filters == Filters.NONE) {
            return null;
        }
        Selector selector = null;
        if (filters.selector() != null) {
            try {
                selector = Selector.parse(filters.selector());
            } catch (SelectorException e) {
                throw new IllegalArgumentException("invalid JMS selector '" + filters.selector() + "': " + e.getMessage());
            }
        }
        if (filters.noLocal()) {
            connection.origins().subscribed();
        }
        return new DeliveryFilter(connection.origins(), filters.noLocal() ? connection.origin() : null, selector);
    }

    boolean accepts(BasicProperties p) {
        if (origin != null && Origins.publishedBy(p, origin)) {
            return false;
        }
        return selector == null || selector.matches(view.of(p));
    }

    /** The subscriber is gone. */
    void release() {
        if (origin != null) {
            origins.unsubscribed();
        }
    }
}
