package io.warrenmq.server.queue;

import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.server.vhost.FieldTypes;
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
 * <p>As RabbitMQ's {@code update_x_death_header}: a repeated (queue, reason) keeps the fields of
 * its first death (time, exchange, routing-keys, original-expiration), gets its count raised and
 * moves to the front; a header in the format RabbitMQ wrote before 3.5 (one entry per event,
 * no count) is compacted first: one entry per (queue, reason), the newest one's fields, and as
 * count its own if it has one, else the number of entries (RabbitMQ's
 * {@code group_by_queue_and_reason}). An {@code x-death} that is not an array is replaced.
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
        List<Object> deaths = h.get("x-death") instanceof List<?> previous ? compacted(previous) : new ArrayList<>();
        FieldTable death = null;
        for (int i = 0; i < deaths.size(); i++) {
            if (deaths.get(i) instanceof FieldTable t && isEvent(t, queue, reason)) {
                death = incremented(t);
                deaths.remove(i);
                break;
            }
        }
        if (death == null) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("count", 1L);
            d.put("reason", reason);
            d.put("queue", queue);
            d.put("time", Instant.ofEpochSecond(now.getEpochSecond()));
            d.put("exchange", exchange);
            d.put("routing-keys", new ArrayList<Object>(routingKeys));
            if (originalExpiration != null) {
                d.put("original-expiration", originalExpiration);
            }
            death = FieldTable.of(d);
        }
        deaths.add(0, death);
        h = h.with("x-death", deaths);
        if (!h.containsKey("x-first-death-reason")) {
            h = h.with("x-first-death-reason", reason).with("x-first-death-queue", queue)
                    .with("x-first-death-exchange", exchange);
        }
        return h.with("x-last-death-reason", reason).with("x-last-death-queue", queue)
                .with("x-last-death-exchange", exchange);
    }

    private static boolean isEvent(FieldTable death, String queue, String reason) {
        return queue.equals(death.getString("queue")) && reason.equals(death.getString("reason"));
    }

    /** The same death with its count raised by one (a death without a count counts as none). */
    private static FieldTable incremented(FieldTable death) {
        Long count = FieldTypes.integer(death.get("count"));
        return death.with("count", count == null ? 1L : count + 1);
    }

    /**
     * One entry per (queue, reason), in order of first appearance (newest first): the first entry
     * of each group, with the group's size as count when it has none. Entries that are not tables
     * stay where they are.
     */
    static List<Object> compacted(List<?> deaths) {
        List<Object> out = new ArrayList<>(deaths.size());
        boolean[] grouped = new boolean[deaths.size()];
        for (int i = 0; i < deaths.size(); i++) {
            Object d = deaths.get(i);
            if (!(d instanceof FieldTable t)) {
                out.add(d);
                continue;
            }
            if (grouped[i]) {
                continue;
            }
            int events = 1;
            for (int j = i + 1; j < deaths.size(); j++) {
                if (!grouped[j] && deaths.get(j) instanceof FieldTable u && sameEvent(t, u)) {
                    grouped[j] = true;
                    events++;
                }
            }
            out.add(t.containsKey("count") ? t : t.with("count", (long) events));
        }
        return out;
    }

    private static boolean sameEvent(FieldTable a, FieldTable b) {
        return FieldTypes.equivalent(a.get("queue"), b.get("queue"))
                && FieldTypes.equivalent(a.get("reason"), b.get("reason"));
    }

    /**
     * RabbitMQ's cycle rule ({@code is_death_cycle}): a message dead-lettered automatically
     * (expired, maxlen) is dropped rather than delivered to a queue it already died in, unless a
     * client rejected it there or in a death since (the entries up to the newest one of that queue).
     */
    static boolean isCycle(FieldTable headers, String targetQueue) {
        if (headers == null || !(headers.get("x-death") instanceof List<?> deaths)) {
            return false;
        }
        for (Object d : deaths) {
            if (!(d instanceof FieldTable t)) {
                return false; // something a client put there: not a "fully automatic" cycle
            }
            if (REJECTED.equals(t.getString("reason"))) {
                return false;
            }
            if (targetQueue.equals(t.getString("queue"))) {
                return true;
            }
        }
        return false;
    }
}
