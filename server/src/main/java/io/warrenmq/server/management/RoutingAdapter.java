package io.warrenmq.server.management;

import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.exchange.Headers;
import io.warrenmq.management.backend.RoutingBackend;
import io.warrenmq.server.Broker;
import io.warrenmq.server.definitions.JsonArguments;
import io.warrenmq.server.queue.Queue;
import io.warrenmq.server.vhost.Exchange;
import io.warrenmq.server.vhost.RouteWalk;
import io.warrenmq.server.vhost.SenderSelected;
import io.warrenmq.server.vhost.VirtualHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The routing tester's {@link RoutingBackend}: the same {@link RouteWalk} a publish uses (every
 * routing key, CC and BCC included, at every exchange; exchange-to-exchange bindings; alternate
 * exchanges), run on a walk of its own that also records the exchanges it passes. Nothing is
 * published and no counter moves.
 *
 * <p>Thread-safety: a new walk per call (a walk is single-threaded); routers are read lock-free.
 */
final class RoutingAdapter implements RoutingBackend {
    private final Broker broker;

    RoutingAdapter(Broker broker) {
        this.broker = broker;
    }

    @Override
    public RouteOutcome route(String vhost, String exchange, String routingKey, Map<String, Object> headers) {
        VirtualHost v = broker.vhosts().get(vhost);
        Exchange x = v == null ? null : v.exchange(exchange);
        if (x == null) {
            return null;
        }
        FieldTable table = JsonArguments.toTable(headers);
        List<String> moreKeys = SenderSelected.routingKeys(table);
        List<String> passed = new ArrayList<>();
        RouteWalk walk = new RouteWalk(e -> passed.add(e.name()));
        List<Queue> reached = walk.route(v, x, routingKey, moreKeys, Headers.of(table.asMap()));
        List<String> queues = new ArrayList<>(reached.size());
        for (Queue q : reached) {
            queues.add(q.name());
        }
        if (x.isDefault()) {
            passed.add(x.name());
        }
        return new RouteOutcome(queues, passed);
    }
}
