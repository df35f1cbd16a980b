package io.warrenmq.amqp10.broker;

import io.warrenmq.amqp10.selector.Selector;
import io.warrenmq.amqp10.selector.SelectorException;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.server.protocol.ProtocolHost;
import io.warrenmq.server.queue.ConsumerFilters;
import java.util.Map;

/**
 * A queue consumer's JMS selector, registered with the broker as a consumer filter: the queue
 * hands the consumer only what the selector selects and keeps the rest for other consumers. The
 * filter runs on the queue's loop, so each evaluation has a view of its own.
 *
 * <p>Thread-safety: the selector is immutable; register and unregister on the link's loop.
 */
final class QueueSelector {
    private final ProtocolHost host;
    private final String token;

    private QueueSelector(ProtocolHost host, String token) {
        this.host = host;
        this.token = token;
    }

    /** Throws IllegalArgumentException for a selector that does not parse. */
    static QueueSelector register(ProtocolHost host, String text) {
        Selector selector;
        try {
            selector = Selector.parse(text);
        } catch (SelectorException e) {
            throw new IllegalArgumentException("invalid JMS selector '" + text + "': " + e.getMessage());
        }
        return new QueueSelector(host, host.registerConsumerFilter(p -> selector.matches(new JmsMessageView().of(p))));
    }

    FieldTable consumeArguments() {
        return FieldTable.of(Map.of(ConsumerFilters.ARGUMENT, token));
    }

    void unregister() {
        host.unregisterConsumerFilter(token);
    }
}
