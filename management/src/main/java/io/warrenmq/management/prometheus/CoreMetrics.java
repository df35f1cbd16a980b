package io.warrenmq.management.prometheus;

import io.prometheus.metrics.model.snapshots.Labels;
import io.warrenmq.management.backend.ActivityBackend;
import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.backend.NodeBackend;
import io.warrenmq.management.backend.QueueView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * rabbitmq_prometheus's core metrics (prometheus_rabbitmq_core_metrics_collector and
 * prometheus_rabbitmq_global_metrics_collector) over Warren's figures, with RabbitMQ's names
 * and labels: identity and build info, object counts, queue lengths (summed, or per queue with
 * {@code vhost}/{@code queue} labels), the channel and global message counters, churn, process
 * resources and alarms. Every name the RabbitMQ-Overview Grafana dashboard queries is present.
 *
 * <p>Figures RabbitMQ has and Warren does not keep (unconfirmed publishes, publishers) are reported as 0 so that the dashboard's panels exist; docs/management.md lists them.
 *
 * <p>Thread-safety: stateless; every scrape reads fresh snapshots from the backend.
 */
final class CoreMetrics {
    private static final String PROTOCOL = "amqp091";

    private CoreMetrics() {
    }

    static void identity(MetricFamilies m, ManagementBackend backend, String endpoint) {
        NodeBackend node = backend.node();
        m.info("rabbitmq_identity_info", "RabbitMQ node & cluster identity info",
                Labels.of("rabbitmq_node", node.nodeName(), "rabbitmq_cluster", node.clusterName(),
                        "rabbitmq_cluster_permanent_id", "warren-" + node.clusterName(), "rabbitmq_endpoint", endpoint));
    }

    /** Everything but the identity: {@code perObject} gives the queue metrics one point per queue. */
    static void add(MetricFamilies m, ManagementBackend backend, boolean perObject) {
        NodeBackend node = backend.node();
        m.info("rabbitmq_build_info", "RabbitMQ & Erlang/OTP version info",
                Labels.of("rabbitmq_version", node.compatibilityVersion(), "prometheus_plugin_version",
                        node.compatibilityVersion(), "prometheus_client_version", "1.10.0", "erlang_version",
                        Runtime.version().toString(), "product_name", "Warren", "product_version", node.productVersion()));
        ActivityBackend.Totals t = backend.activity().totals();
        List<QueueView> queues = backend.topology().queues(null);
        m.gauge("rabbitmq_connections", "Connections currently open", t.connections());
        m.gauge("rabbitmq_channels", "Channels currently open", t.channels());
        m.gauge("rabbitmq_consumers", "Consumers currently connected", t.consumers());
        m.gauge("rabbitmq_queues", "Queues available", queues.size());
        m.gauge("rabbitmq_channel_consumers", "Consumers on a channel", t.consumers());
        m.gauge("rabbitmq_channel_messages_unconfirmed", "Published but not yet confirmed messages", 0);
        m.gauge("rabbitmq_channel_messages_unacked", "Delivered but not yet acknowledged messages",
                sum(queues, QueueView::messagesUnacknowledged));
        queueMetrics(m, queues, perObject, "rabbitmq_");

        Map<String, Long> c = backend.stats().globalCounters();
        // the channel counters (aggregated over channels, as RabbitMQ's /metrics aggregates them)
        m.counter("rabbitmq_channel_messages_published_total", "Total number of messages published into an exchange on a channel", v(c, "publish"));
        m.counter("rabbitmq_channel_messages_confirmed_total", "Total number of messages published into an exchange and confirmed on the channel", v(c, "confirm"));
        m.counter("rabbitmq_channel_messages_unroutable_returned_total", "Total number of messages published as mandatory into an exchange and returned to the publisher as unroutable", v(c, "return_unroutable"));
        m.counter("rabbitmq_channel_messages_unroutable_dropped_total", "Total number of messages published as non-mandatory into an exchange and dropped as unroutable", v(c, "drop_unroutable"));
        m.counter("rabbitmq_channel_messages_delivered_ack_total", "Total number of messages delivered to consumers in manual acknowledgement mode", v(c, "queue_deliver"));
        m.counter("rabbitmq_channel_messages_delivered_total", "Total number of messages delivered to consumers in automatic acknowledgement mode", v(c, "queue_deliver_no_ack"));
        m.counter("rabbitmq_channel_get_ack_total", "Total number of messages fetched with basic.get in manual acknowledgement mode", v(c, "queue_get"));
        m.counter("rabbitmq_channel_get_total", "Total number of messages fetched with basic.get in automatic acknowledgement mode", v(c, "queue_get_no_ack"));
        m.counter("rabbitmq_channel_get_empty_total", "Total number of times basic.get operations fetched no message", v(c, "queue_get_empty"));
        m.counter("rabbitmq_channel_messages_redelivered_total", "Total number of messages redelivered to consumers", v(c, "queue_redeliver"));
        m.counter("rabbitmq_channel_messages_acked_total", "Total number of messages acknowledged by consumers", v(c, "queue_ack"));
        m.counter("rabbitmq_queue_messages_published_total", "Total number of messages published to queues", v(c, "queue_publish"));

        // the global counters of RabbitMQ 3.13 (rabbit_global_counters), protocol amqp091
        Labels p = Labels.of("protocol", PROTOCOL);
        global(m, "rabbitmq_global_messages_received_total", "Total number of messages received from publishers", p, v(c, "publish"));
        global(m, "rabbitmq_global_messages_received_confirm_total", "Total number of messages received from publishers expecting confirmations", p, v(c, "confirm"));
        global(m, "rabbitmq_global_messages_routed_total", "Total number of messages routed to queues or streams", p, v(c, "queue_publish"));
        global(m, "rabbitmq_global_messages_unroutable_dropped_total", "Total number of messages published as non-mandatory into an exchange and dropped as unroutable", p, v(c, "drop_unroutable"));
        global(m, "rabbitmq_global_messages_unroutable_returned_total", "Total number of messages published as mandatory into an exchange and returned to the publisher as unroutable", p, v(c, "return_unroutable"));
        global(m, "rabbitmq_global_messages_confirmed_total", "Total number of messages confirmed to publishers", p, v(c, "confirm"));
        global(m, "rabbitmq_global_messages_delivered_total", "Total number of messages delivered to consumers", p, v(c, "queue_deliver_get"));
        global(m, "rabbitmq_global_messages_delivered_consume_manual_ack_total", "Total number of messages delivered to consumers using basic.consume with manual acknowledgment", p, v(c, "queue_deliver"));
        global(m, "rabbitmq_global_messages_delivered_consume_auto_ack_total", "Total number of messages delivered to consumers using basic.consume with automatic acknowledgment", p, v(c, "queue_deliver_no_ack"));
        global(m, "rabbitmq_global_messages_delivered_get_manual_ack_total", "Total number of messages delivered to consumers using basic.get with manual acknowledgment", p, v(c, "queue_get"));
        global(m, "rabbitmq_global_messages_delivered_get_auto_ack_total", "Total number of messages delivered to consumers using basic.get with automatic acknowledgment", p, v(c, "queue_get_no_ack"));
        global(m, "rabbitmq_global_messages_get_empty_total", "Total number of times basic.get operations fetched no message", p, v(c, "queue_get_empty"));
        global(m, "rabbitmq_global_messages_redelivered_total", "Total number of messages redelivered to consumers", p, v(c, "queue_redeliver"));
        global(m, "rabbitmq_global_messages_acknowledged_total", "Total number of messages acknowledged by consumers", p, v(c, "queue_ack"));
        m.gauge("rabbitmq_global_publishers", "Current number of publishers", List.of(new MetricFamilies.Point(p, 0)));
        m.gauge("rabbitmq_global_consumers", "Current number of consumers", List.of(new MetricFamilies.Point(p, t.consumers())));

        churn(m, c, "rabbitmq_");

        NodeBackend.Resources r = node.resources();
        m.gauge("rabbitmq_process_open_fds", "Open file descriptors", r.fdUsed());
        m.gauge("rabbitmq_process_max_fds", "Open file descriptors limit", r.fdTotal());
        m.gauge("rabbitmq_process_open_tcp_sockets", "Open TCP sockets", r.socketsUsed());
        m.gauge("rabbitmq_process_max_tcp_sockets", "Open TCP sockets limit", r.socketsTotal());
        m.gauge("rabbitmq_process_resident_memory_bytes", "Memory used in bytes", r.memUsed());
        m.gauge("rabbitmq_resident_memory_limit_bytes", "Memory high watermark in bytes", r.memLimit());
        m.gauge("rabbitmq_disk_space_available_bytes", "Disk space available in bytes", r.diskFree());
        m.gauge("rabbitmq_disk_space_available_limit_bytes", "Free disk space low watermark in bytes", r.diskFreeLimit());
        m.gauge("rabbitmq_erlang_processes_used", "Erlang processes used (JVM threads)", r.procUsed());
        m.gauge("rabbitmq_erlang_processes_limit", "Erlang processes limit (JVM thread limit)", r.procTotal());
        m.gauge("rabbitmq_erlang_uptime_seconds", "Node uptime", r.uptimeMillis() / 1000.0);
        m.gauge("rabbitmq_alarms_memory_used_watermark", "is 1 if VM memory watermark alarm is in effect", r.memAlarm() ? 1 : 0);
        m.gauge("rabbitmq_alarms_free_disk_space_watermark", "is 1 if free disk space watermark alarm is in effect", r.diskFreeAlarm() ? 1 : 0);
        m.gauge("rabbitmq_alarms_file_descriptor_limit", "is 1 if file descriptor limit alarm is in effect", 0);
    }

    /** The queue length families, summed or per queue, under {@code prefix} (rabbitmq_ or rabbitmq_detailed_). */
    static void queueMetrics(MetricFamilies m, List<QueueView> queues, boolean perObject, String prefix) {
        queueFamily(m, prefix + "queue_messages_ready", "Messages ready to be delivered to consumers", queues, perObject,
                QueueView::messagesReady);
        queueFamily(m, prefix + "queue_messages_unacked", "Messages delivered to consumers but not yet acknowledged",
                queues, perObject, QueueView::messagesUnacknowledged);
        queueFamily(m, prefix + "queue_messages", "Sum of ready and unacknowledged messages - total queue depth", queues,
                perObject, QueueView::messages);
        queueFamily(m, prefix + "queue_consumers", "Consumers on a queue", queues, perObject, QueueView::consumers);
    }

    static void queueFamily(MetricFamilies m, String name, String help, List<QueueView> queues, boolean perObject,
            ToDoubleFunction<QueueView> f) {
        if (!perObject) {
            m.gauge(name, help, sum(queues, f));
            return;
        }
        List<MetricFamilies.Point> points = new ArrayList<>(queues.size());
        for (QueueView q : queues) {
            points.add(new MetricFamilies.Point(Labels.of("vhost", q.vhost(), "queue", q.name()), f.applyAsDouble(q)));
        }
        m.gauge(name, help, points);
    }

    static void churn(MetricFamilies m, Map<String, Long> c, String prefix) {
        m.counter(prefix + "connections_opened_total", "Total number of connections opened", v(c, "connection_created"));
        m.counter(prefix + "connections_closed_total", "Total number of connections closed or terminated", v(c, "connection_closed"));
        m.counter(prefix + "channels_opened_total", "Total number of channels opened", v(c, "channel_created"));
        m.counter(prefix + "channels_closed_total", "Total number of channels closed", v(c, "channel_closed"));
        m.counter(prefix + "queues_declared_total", "Total number of queues declared", v(c, "queue_declared"));
        m.counter(prefix + "queues_created_total", "Total number of queues created", v(c, "queue_created"));
        m.counter(prefix + "queues_deleted_total", "Total number of queues deleted", v(c, "queue_deleted"));
    }

    private static void global(MetricFamilies m, String name, String help, Labels labels, double value) {
        m.counter(name, help, List.of(new MetricFamilies.Point(labels, value)));
    }

    private static double v(Map<String, Long> counters, String key) {
        Long n = counters.get(key);
        return n == null ? 0 : n;
    }

    private static double sum(List<QueueView> queues, ToDoubleFunction<QueueView> f) {
        double s = 0;
        for (QueueView q : queues) {
            s += f.applyAsDouble(q);
        }
        return s;
    }
}
