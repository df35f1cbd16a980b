package io.warrenmq.management.backend;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;

/**
 * Message statistics: counters kept on the message path, sampled by a timer into rates.
 * The objects returned are RabbitMQ's {@code message_stats} shapes ({@code publish},
 * {@code publish_details: {rate}}, ...), or an empty map where nothing was counted.
 *
 * <p>Thread-safety: any thread; the defaults (for a backend without stats, a unit test's) answer
 * "nothing counted".
 */
public interface StatsBackend {
    /**
     * A queue's {@code message_stats}; {@code query} carries {@code msg_rates_age}/{@code _incr} when
     * the client asks for samples.
     */
    Map<String, Object> queueMessageStats(String vhost, String queue, Map<String, List<String>> query);

    /**
     * What a queue's JSON adds from the samples: {@code message_stats} (only once the queue saw
     * traffic, as RabbitMQ omits it before) and {@code messages_details},
     * {@code messages_ready_details}, {@code messages_unacknowledged_details}.
     */
    default Map<String, Object> queueFigures(String vhost, String queue, Map<String, List<String>> query) {
        Map<String, Object> ms = queueMessageStats(vhost, queue, query);
        return ms.isEmpty() ? Map.of() : Map.of("message_stats", ms);
    }

    /** An exchange's {@code message_stats} ({@code publish_in}, {@code publish_out}, ...). */
    Map<String, Object> exchangeMessageStats(String vhost, String exchange, Map<String, List<String>> query);

    /**
     * Starts sampling on {@code timer}, the management loop, every collect_statistics_interval;
     * it stops when the timer shuts down. The management server calls it once.
     */
    default void startSampling(ScheduledExecutorService timer) {
    }

    /**
     * The overview's {@code message_stats}: the node's when {@code all}, else the sum over the vhosts
     * {@code vhosts} accepts (a non-monitoring user's own).
     */
    default Map<String, Object> overviewMessageStats(boolean all, Predicate<String> vhosts,
            Map<String, List<String>> query) {
        return Map.of();
    }

    /** A vhost's {@code message_stats} (GET /api/vhosts), the same fields as the overview's. */
    default Map<String, Object> vhostMessageStats(String vhost, Map<String, List<String>> query) {
        return Map.of();
    }

    /** The overview's {@code churn_rates}: connection/channel/queue created and closed counts with rates. */
    default Map<String, Object> churnRates(Map<String, List<String>> query) {
        return Map.of();
    }

    /**
     * The node-wide counters at the last sample, for the metrics: publish, confirm,
     * return_unroutable, drop_unroutable, the churn counters, and queue_publish, queue_deliver,
     * queue_deliver_no_ack, queue_get, queue_get_no_ack, queue_get_empty, queue_redeliver, queue_ack, queue_deliver_get.
     */
    default Map<String, Long> globalCounters() {
        return Map.of();
    }
}
