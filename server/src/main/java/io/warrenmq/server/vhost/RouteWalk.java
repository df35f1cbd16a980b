package io.warrenmq.server.vhost;

import io.warrenmq.exchange.Headers;
import io.warrenmq.server.queue.Queue;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Resolves a publish to its target queues, following exchange-to-exchange bindings.
 *
 * <p>As in RabbitMQ: each exchange is visited at most once per message (so binding cycles
 * terminate), and a queue reached along several paths receives one copy. The default exchange
 * routes by queue name.
 *
 * <p>why reusable: one instance per channel, so routing a message allocates nothing; the
 * de-duplication pass runs only when an exchange-to-exchange binding was followed (each router
 * already de-duplicates its own destinations).
 *
 * <p>Thread-safety: confined to one channel's event loop.
 */
public final class RouteWalk {
    private final List<Queue> queues = new ArrayList<>();
    private final List<Exchange> pending = new ArrayList<>();
    private final List<Exchange> visited = new ArrayList<>();
    private final Consumer<BindingDestination> collect = this::collect;

    /** The queues {@code exchange} routes to; the list is reused by the next call. */
    public List<Queue> route(VirtualHost vhost, Exchange exchange, String routingKey, Headers headers) {
        queues.clear();
        if (exchange.isDefault()) {
            Queue q = vhost.queue(routingKey);
            if (q != null) {
                queues.add(q);
            }
            return queues;
        }
        exchange.router().route(routingKey, headers, collect);
        if (pending.isEmpty()) {
            if (queues.isEmpty()) {
                routeToAlternate(vhost, exchange, routingKey, headers);
            }
            return queues;
        }
        visited.add(exchange);
        while (!pending.isEmpty()) {
            Exchange next = pending.remove(pending.size() - 1);
            next.router().route(routingKey, headers, collect);
        }
        visited.clear();
        deduplicate();
        return queues;
    }

    /**
     * RabbitMQ's alternate-exchange: a message its exchange cannot route goes to the exchange
     * named in the {@code alternate-exchange} argument (and that one's alternate, and so on; each
     * exchange at most once).
     */
    private void routeToAlternate(VirtualHost vhost, Exchange exchange, String routingKey, Headers headers) {
        Exchange current = exchange;
        visited.add(current);
        while (queues.isEmpty()) {
            Object name = current.arguments().get("alternate-exchange");
            Exchange alternate = name == null ? null : vhost.exchange(name.toString());
            if (alternate == null || alternate.isDefault() || containsIdentity(visited, alternate)) {
                break;
            }
            visited.add(alternate);
            alternate.router().route(routingKey, headers, collect);
            while (!pending.isEmpty()) {
                Exchange next = pending.remove(pending.size() - 1);
                next.router().route(routingKey, headers, collect);
            }
            current = alternate;
        }
        visited.clear();
        deduplicate();
    }

    private void collect(BindingDestination d) {
        if (d instanceof Queue q) {
            queues.add(q);
        } else {
            Exchange x = (Exchange) d;
            if (!containsIdentity(visited, x)) {
                visited.add(x);
                pending.add(x);
            }
        }
    }

    private void deduplicate() {
        int kept = 0;
        for (int i = 0; i < queues.size(); i++) {
            Queue q = queues.get(i);
            if (!containsIdentity(queues.subList(0, kept), q)) {
                queues.set(kept++, q);
            }
        }
        queues.subList(kept, queues.size()).clear();
    }

    private static <T> boolean containsIdentity(List<T> list, T item) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == item) {
                return true;
            }
        }
        return false;
    }
}
