package io.warrenmq.it.crash;

import java.util.List;

/**
 * Where a publisher sends a message: an exchange and routing key, and the durable queues that the
 * test's topology routes it to (one for the default exchange, two for the fanout). Thread-safety:
 * immutable.
 */
public record Route(String exchange, String routingKey, List<String> queues) {
    public Route {
        queues = List.copyOf(queues);
    }

    /** Straight to {@code queue} through the default exchange. */
    public static Route toQueue(String queue) {
        return new Route("", queue, List.of(queue));
    }

    @Override
    public String toString() {
        return (exchange.isEmpty() ? "default exchange" : "exchange '" + exchange + "'") + " -> " + queues;
    }
}
