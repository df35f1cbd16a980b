package io.warrenmq.management.backend;

import java.util.List;
import java.util.Map;

/**
 * Where a message would go, computed by the broker's own router without publishing anything
 * (Warren's routing tester, {@code POST /api/warren/route}).
 *
 * <p>Thread-safety: may be called from the management loop; routing reads lock-free snapshots.
 */
public interface RoutingBackend {
    /** What a trial route found: the queues a copy would reach and the exchanges passed on the way. */
    record RouteOutcome(List<String> queues, List<String> exchanges) {
        public RouteOutcome {
            queues = List.copyOf(queues);
            exchanges = List.copyOf(exchanges);
        }
    }

    /**
     * Routes a message published to {@code exchange} ({@code ""}: the default exchange) with
     * {@code routingKey} and {@code headers} (JSON values; {@code CC} and {@code BCC} add routing
     * keys as they do for a publish), following exchange-to-exchange bindings and alternate
     * exchanges.
     *
     * @return null when the vhost or the exchange does not exist
     * @throws IllegalArgumentException when a header value has no AMQP field-table form
     */
    RouteOutcome route(String vhost, String exchange, String routingKey, Map<String, Object> headers);
}
