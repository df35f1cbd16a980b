package io.warrenmq.server.activity;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The broker's open AMQP client connections by name, for the management API (list, inspect,
 * close) and the overview's totals. A connection is here from connection.open-ok until its
 * socket closes. The management API's own direct sessions are not: they are requests, not clients
 * (RabbitMQ lists its direct connections, but its management plugin makes none).
 *
 * <p>Thread-safety: a concurrent map; connections add and remove themselves from their loops,
 * readers iterate a weakly consistent view.
 */
public final class ConnectionRegistry {
    private final Map<String, LiveConnection> byName = new ConcurrentHashMap<>();

    public void opened(LiveConnection c) {
        byName.put(c.facts().name(), c);
    }

    public void closed(LiveConnection c) {
        byName.remove(c.facts().name(), c);
    }

    public Collection<LiveConnection> all() {
        return byName.values();
    }

    public Optional<LiveConnection> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public int size() {
        return byName.size();
    }

    /** Open channels over all connections, as their loops last published them. */
    public int channelCount() {
        int n = 0;
        for (LiveConnection c : byName.values()) {
            n += c.channels();
        }
        return n;
    }
}
