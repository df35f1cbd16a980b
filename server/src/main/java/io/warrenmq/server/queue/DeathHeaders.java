package io.warrenmq.server.queue;

import io.warrenmq.codec.types.FieldTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code x-death} header RabbitMQ adds to a dead-lettered message
 * (https://www.rabbitmq.com/docs/dlx): an array of tables, newest first, one per (queue, reason)
 * with a count; plus {@code x-first-death-*} (set once) and {@code x-last-death-*}.
 *
 * <p>Stateless.
 */
final class DeathHeaders {
    static final String REJECTED = "rejected";
    static final String EXPIRED = "expired";
    static final String MAXLEN = "maxlen";
    static final String DELIVERY_LIMIT = "delivery_limit";

    private DeathHeaders() {
    }

    static FieldTable add(FieldTable headers, String reason, String queue, String exchange, List<String> routingKeys,
            String originalExpiration, Instant now) {
        FieldTable h = headers == null ? FieldTable.EMPTY : headers;
        List<Object> deaths = new ArrayList<>();
        if (h.get("x-death") instanceof List<?> previous) {
            deaths.addAll(previous);
        }
        long count = 1;
        for (int i = 0; i < deaths.size(); i++) {
            if (deaths.get(i) instanceof FieldTable t && queue.equals(t.getString("queue"))
                    && reason.equals(t.getString("reason"))) {
                Long c = t.getLong("count");
                count = (c == null ? 0 : c) + 1;
                deaths.remove(i);
                break;
            }
        }
        Map<String, Object> death = new LinkedHashMap<>();
        death.put("count", count);
        death.put("reason", reason);
        death.put("queue", queue);
        death.put("time", Instant.ofEpochSecond(now.getEpochSecond()));
        death.put("exchange", exchange);
        death.put("routing-keys", new ArrayList<Object>(routingKeys));
        if (originalExpiration != null) {
            death.put("original-expiration", originalExpiration);
        }
        deaths.add(0, FieldTable.of(death));
        h = h.with("x-death", deaths);
        if (!h.containsKey("x-first-death-reason")) {
            h = h.with("x-first-death-reason", reason).with("x-first-death-queue", queue)
                    .with("x-first-death-exchange", exchange);
        }
        return h.with("x-last-death-reason", reason).with("x-last-death-queue", queue)
                .with("x-last-death-exchange", exchange);
    }

    /**
     * RabbitMQ's cycle rule: a message dead-lettered automatically (expired, maxlen) is dropped
     * rather than delivered to a queue it already died in, unless a client rejected it somewhere
     * along the way.
     */
    static boolean isCycle(FieldTable headers, String targetQueue) {
        if (headers == null || !(headers.get("x-death") instanceof List<?> deaths)) {
            return false;
        }
        boolean seen = false;
        for (Object d : deaths) {
            if (d instanceof FieldTable t) {
                if (REJECTED.equals(t.getString("reason"))) {
                    return false;
                }
                seen |= targetQueue.equals(t.getString("queue"));
            }
        }
        return seen;
    }
}
