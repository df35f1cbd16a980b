package io.warrenmq.it.crash;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The test's record of every message it published and what the broker promised about it: the route,
 * whether a publisher confirm (basic.ack from the broker) arrived, and any nack or basic.return;
 * plus one {@link QueueHistory} per durable queue. It lives as long as the data directory, so
 * that messages of earlier cycles stay accounted for.
 *
 * <p>Thread-safety: safe for concurrent publishers, confirm listeners and consumers.
 */
public final class Ledger {
    private final Map<MessageId, Route> routes = new ConcurrentHashMap<>();
    private final Set<MessageId> confirmed = ConcurrentHashMap.newKeySet();
    private final Set<MessageId> nacked = ConcurrentHashMap.newKeySet();
    private final Set<MessageId> returned = ConcurrentHashMap.newKeySet();
    private final Map<String, QueueHistory> queues = new LinkedHashMap<>();

    public Ledger(List<String> durableQueues) {
        for (String queue : durableQueues) {
            queues.put(queue, new QueueHistory(queue));
        }
    }

    /** Called before basic.publish: from here on the message may exist in the broker. */
    public void publishing(MessageId id, Route route) {
        routes.put(id, route);
        for (String queue : route.queues()) {
            queue(queue).routed(id);
        }
    }

    public void confirmed(MessageId id) {
        confirmed.add(id);
    }

    public void nacked(MessageId id) {
        nacked.add(id);
    }

    public void returned(MessageId id) {
        returned.add(id);
    }

    public Route route(MessageId id) {
        return routes.get(id);
    }

    public boolean isConfirmed(MessageId id) {
        return confirmed.contains(id);
    }

    public QueueHistory queue(String name) {
        QueueHistory history = queues.get(name);
        if (history == null) {
            throw new IllegalArgumentException("not a durable test queue: " + name);
        }
        return history;
    }

    public List<QueueHistory> queues() {
        return List.copyOf(queues.values());
    }

    public Set<MessageId> nacked() {
        return Set.copyOf(nacked);
    }

    public Set<MessageId> returned() {
        return Set.copyOf(returned);
    }

    public long publishedIn(int cycle) {
        return routes.keySet().stream().filter(id -> id.cycle() == cycle).count();
    }

    public long confirmedIn(int cycle) {
        return confirmed.stream().filter(id -> id.cycle() == cycle).count();
    }
}
