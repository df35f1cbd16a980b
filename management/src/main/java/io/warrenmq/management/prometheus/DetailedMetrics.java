package io.warrenmq.management.prometheus;

import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.backend.QueueView;
import java.util.List;
import java.util.Set;

/**
 * {@code /metrics/detailed?family=...&vhost=...}: the families a scraper asks for, each metric
 * with the {@code rabbitmq_detailed_} prefix and per-object labels (rabbitmq_prometheus's
 * detailed endpoint). Families Warren has: queue_coarse_metrics, queue_consumer_count,
 * connection_churn_metrics; unknown ones are left out, as RabbitMQ does. {@code vhost} (repeatable)
 * narrows the queue families.
 *
 * <p>Thread-safety: stateless.
 */
final class DetailedMetrics {
    private static final String P = "rabbitmq_detailed_";

    private DetailedMetrics() {
    }

    static void add(MetricFamilies m, ManagementBackend backend, Set<String> families, List<String> vhosts) {
        List<QueueView> queues = backend.topology().queues(null);
        if (!vhosts.isEmpty()) {
            queues = queues.stream().filter(q -> vhosts.contains(q.vhost())).toList();
        }
        if (families.contains("queue_coarse_metrics")) {
            CoreMetrics.queueFamily(m, P + "queue_messages_ready", "Messages ready to be delivered to consumers",
                    queues, true, QueueView::messagesReady);
            CoreMetrics.queueFamily(m, P + "queue_messages_unacked",
                    "Messages delivered to consumers but not yet acknowledged", queues, true,
                    QueueView::messagesUnacknowledged);
            CoreMetrics.queueFamily(m, P + "queue_messages", "Sum of ready and unacknowledged messages - total queue depth",
                    queues, true, QueueView::messages);
        }
        if (families.contains("queue_consumer_count")) {
            CoreMetrics.queueFamily(m, P + "queue_consumers", "Consumers on a queue", queues, true,
                    QueueView::consumers);
        }
        if (families.contains("connection_churn_metrics")) {
            CoreMetrics.churn(m, backend.stats().globalCounters(), P);
        }
    }
}
