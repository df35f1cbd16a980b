package io.warrenmq.server.vhost;

import io.warrenmq.exchange.ExchangeType;
import io.warrenmq.exchange.Headers;
import io.warrenmq.server.queue.Queue;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Resolves a publish to its target queues, following exchange-to-exchange bindings and
 * alternate exchanges.
 *
 * <p>As in RabbitMQ's {@code rabbit_exchange:route}: every exchange the message reaches is routed
 * with all of the message's routing keys (the publish key plus the {@code CC} and {@code BCC}
 * keys); an exchange that routes the message nowhere (no queue, no exchange) passes it to its
 * {@code alternate-exchange}, wherever on the walk it is; each exchange is visited at most once
 * per message (so binding cycles terminate), and a queue reached along several paths receives
 * one copy. The default exchange routes by queue name, one queue per key.
 *
 * <p>why reusable: one instance per channel, so routing a message allocates nothing; the
 * de-duplication pass runs only when more than one exchange or key was involved (each router
 * already de-duplicates its own destinations).
 *
 * <p>Thread-safety: confined to one channel's event loop.
 */
public final class RouteWalk {
    private final List<Queue> queues = new ArrayList<>();
    private final List<Exchange> pending = new ArrayList<>();
    private final List<Exchange> visited = new ArrayList<>();
    private final Consumer<BindingDestination> collect = this::collect;
    /** Destinations the exchange being routed produced (why: an exchange with none uses its AE). */
    private int produced;
    /** Told of every exchange the walk reaches, or null (why: the management API's routing tester shows the path). */
    private final Consumer<Exchange> onVisit;

    /** A walk for publishing: nobody is told which exchanges it passes (one null test per exchange reached). */
    public RouteWalk() {
        this(null);
    }

    /** A walk that tells {@code onVisit} of each exchange it reaches, the first one included, once each. */
    public RouteWalk(Consumer<Exchange> onVisit) {
        this.onVisit = onVisit;
    }

    /** The queues {@code exchange} routes to under {@code routingKey}; the list is reused by the next call. */
    public List<Queue> route(VirtualHost vhost, Exchange exchange, String routingKey, Headers headers) {
        return route(vhost, exchange, routingKey, List.of(), headers);
    }

    /**
     * The queues {@code exchange} routes to under {@code routingKey} and {@code moreKeys} (the
     * message's CC and BCC keys), every key applied at every exchange on the walk; the list is
     * reused by the next call.
     */
    public List<Queue> route(VirtualHost vhost, Exchange exchange, String routingKey, List<String> moreKeys,
            Headers headers) {
        queues.clear();
        if (exchange.isDefault()) {
            addIfPresent(vhost.queue(routingKey));
            for (int i = 0; i < moreKeys.size(); i++) {
                addIfPresent(vhost.queue(moreKeys.get(i)));
            }
            if (!moreKeys.isEmpty()) {
                deduplicate();
            }
            return queues;
        }
        visited.add(exchange);
        visit(exchange);
        pending.add(exchange);
        while (!pending.isEmpty()) {
            Exchange next = pending.remove(pending.size() - 1);
            produced = 0;
            routeAllKeys(next, routingKey, moreKeys, headers);
            if (produced == 0) {
                followAlternate(vhost, next);
            }
        }
        boolean walked = visited.size() > 1;
        visited.clear();
        if (walked || !moreKeys.isEmpty()) {
            deduplicate();
        }
        return queues;
    }

    private void routeAllKeys(Exchange x, String routingKey, List<String> moreKeys, Headers headers) {
        x.router().route(routingKey, headers, collect);
        if (x.type() == ExchangeType.FANOUT || x.type() == ExchangeType.HEADERS) {
            return; // these ignore the routing key: one pass gives every destination
        }
        for (int i = 0; i < moreKeys.size(); i++) {
            x.router().route(moreKeys.get(i), headers, collect);
        }
    }

    /**
     * RabbitMQ's alternate-exchange: a message an exchange cannot route goes to the exchange named
     * in its {@code alternate-exchange} argument (which may have an alternate of its own).
     */
    private void followAlternate(VirtualHost vhost, Exchange x) {
        String altName = x.alternateExchange(); // the argument, else a policy's
        if (altName == null) {
            return;
        }
        Exchange alternate = vhost.exchange(altName);
        if (alternate != null && !alternate.isDefault() && !containsIdentity(visited, alternate)) {
            visited.add(alternate);
            visit(alternate);
            pending.add(alternate);
        }
    }

    private void visit(Exchange x) {
        if (onVisit != null) {
            onVisit.accept(x);
        }
    }

    private void addIfPresent(Queue q) {
        if (q != null) {
            queues.add(q);
        }
    }

    private void collect(BindingDestination d) {
        produced++;
        if (d instanceof Queue q) {
            queues.add(q);
        } else {
            Exchange x = (Exchange) d;
            if (!containsIdentity(visited, x)) {
                visited.add(x);
                visit(x);
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
