package io.warrenmq.testkit.journal;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * The failure texts of the journal's waits: what did arrive, nearest misses first (same exchange
 * with another routing key, the same routing key on another exchange, messages returned or
 * dropped as unroutable), each list cut to a few entries.
 *
 * <p>Thread-safety: stateless.
 */
final class NearMisses {
    /** Entries listed per section; the rest are counted. */
    static final int LISTED = 5;

    private NearMisses() {
    }

    /**
     * @param routingKey the routing key asked for, or null when only a predicate was given
     * @param wanted what was asked for, in words
     * @param timeout how long it was waited for; null when it was not (an assertion on what is there)
     */
    static String forPublish(List<PublishedMessage> all, String vhost, String exchange, String routingKey,
            String wanted, Duration timeout, long evicted) {
        StringBuilder s = new StringBuilder("expected a message published to exchange '").append(exchange)
                .append("' in vhost '").append(vhost).append("' ").append(wanted);
        if (timeout != null) {
            s.append(" within ").append(timeout.toMillis()).append(" ms");
        }
        s.append(", but none was");
        List<PublishedMessage> sameExchange = select(all, m -> !m.deadLettered() && m.vhost().equals(vhost)
                && m.exchange().equals(exchange));
        section(s, "published to '" + exchange + "'", sameExchange);
        if (routingKey != null) {
            section(s, "routing key '" + routingKey + "' on other exchanges", select(all, m -> !m.deadLettered()
                    && m.routingKey().equals(routingKey) && !(m.vhost().equals(vhost) && m.exchange().equals(exchange))));
        } else {
            section(s, "published to other exchanges", select(all, m -> !m.deadLettered()
                    && !(m.vhost().equals(vhost) && m.exchange().equals(exchange))));
        }
        section(s, "returned or dropped as unroutable", select(all, m -> !m.routed()
                && !(m.vhost().equals(vhost) && m.exchange().equals(exchange))
                && (routingKey == null || !m.routingKey().equals(routingKey))));
        return finish(s, all.isEmpty(), evicted);
    }

    /** What the journal knows about a queue, for awaitMessages' failure text (starts with "; "). */
    static String forQueue(List<PublishedMessage> received, List<DeliveredMessage> delivered,
            List<PublishedMessage> all, String queue, long evicted) {
        StringBuilder s = new StringBuilder("; the journal: queue '").append(queue).append("' received ")
                .append(count(received.size(), "message"));
        section(s, "received", received);
        List<DeliveredMessage> toConsumers = delivered.stream().filter(d -> !d.viaGet()).toList();
        if (!toConsumers.isEmpty()) {
            s.append("; delivered to consumers ").append(count(toConsumers.size(), "time")).append(": ")
                    .append(brief(toConsumers));
        }
        section(s, "published messages that reached no queue", select(all, m -> !m.routed()));
        return finish(s, all.isEmpty(), evicted);
    }

    private static String finish(StringBuilder s, boolean nothing, long evicted) {
        if (nothing) {
            s.append("; nothing was published since the journal was last cleared");
        }
        if (evicted > 0) {
            s.append(" (the journal is full: ").append(evicted).append(" older entries were dropped)");
        }
        return s.toString();
    }

    private static List<PublishedMessage> select(List<PublishedMessage> all, Predicate<PublishedMessage> p) {
        return all.stream().filter(p).toList();
    }

    private static void section(StringBuilder s, String title, List<PublishedMessage> messages) {
        if (!messages.isEmpty()) {
            s.append("; ").append(title).append(" (").append(messages.size()).append("): ").append(brief(messages));
        }
    }

    /** The latest few, newest last. */
    private static String brief(List<?> items) {
        int from = Math.max(0, items.size() - LISTED);
        StringBuilder s = new StringBuilder();
        if (from > 0) {
            s.append(from).append(" earlier, then ");
        }
        s.append(items.subList(from, items.size()));
        return s.toString();
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
