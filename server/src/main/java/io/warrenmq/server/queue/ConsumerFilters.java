package io.warrenmq.server.queue;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The consumer filters in-JVM protocols have registered, by token. A filter reaches its consumer
 * as the {@value #ARGUMENT} argument of {@code basic.consume}, honoured only on in-JVM (direct)
 * connections: a socket client's argument of that name is ignored, as RabbitMQ ignores consumer
 * arguments it does not know.
 *
 * <p>Thread-safety: a concurrent map; registration on the protocol's loop, lookups on the
 * consuming channel's.
 */
public final class ConsumerFilters {
    public static final String ARGUMENT = "x-warren-consumer-filter";

    private final ConcurrentHashMap<String, ConsumerFilter> filters = new ConcurrentHashMap<>();

    public String register(ConsumerFilter filter) {
        String token = UUID.randomUUID().toString();
        filters.put(token, filter);
        return token;
    }

    public void unregister(String token) {
        filters.remove(token);
    }

    /** Null for an unknown token. */
    public ConsumerFilter get(String token) {
        return filters.get(token);
    }
}
