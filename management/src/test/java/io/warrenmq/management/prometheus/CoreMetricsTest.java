package io.warrenmq.management.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.warrenmq.auth.UserDatabase;
import io.warrenmq.management.backend.ActivityBackend;
import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.backend.NodeBackend;
import io.warrenmq.management.backend.QueueView;
import io.warrenmq.management.backend.StatsBackend;
import io.warrenmq.management.backend.TopologyBackend;
import io.warrenmq.management.backend.VhostBackend;
import io.warrenmq.management.security.Authenticator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The queue metrics over a fake backend (the real TopologyBackend.queues() comes from another
 * part of the API): summed on /metrics, one point per queue with vhost/queue labels on
 * per-object and detailed, and the global counters' names and values.
 */
class CoreMetricsTest {
    private static QueueView queueView(String vhost, String name, long ready, long unacked, int consumers) {
        return new QueueView(vhost, name, "classic", true, false, false, Map.of(), null, ready, unacked, 0, 0, 0, 0,
                consumers, "running", null, null, Map.of(), null, 0);
    }

    private static final ManagementBackend BACKEND = new ManagementBackend() {
        @Override
        public Authenticator authenticator() {
            return null;
        }

        @Override
        public UserDatabase users() {
            return null;
        }

        @Override
        public TopologyBackend topology() {
            return new TopologyBackend() {
                @Override
                public List<QueueView> queues(String vhost) {
                    return List.of(queueView("/", "a", 3, 1, 1), queueView("shop", "b", 4, 0, 2));
                }
            };
        }

        @Override
        public VhostBackend vhosts() {
            return null;
        }

        @Override
        public ActivityBackend activity() {
            return new ActivityBackend() {
                @Override
                public Totals totals() {
                    return new Totals(2, 5, 3);
                }
            };
        }

        @Override
        public NodeBackend node() {
            return () -> "warren@test";
        }

        @Override
        public io.warrenmq.management.backend.RoutingBackend routing() {
            return null; // the metrics never route
        }

        @Override
        public StatsBackend stats() {
            return new StatsBackend() {
                @Override
                public Map<String, Object> queueMessageStats(String v, String q, Map<String, List<String>> query) {
                    return Map.of();
                }

                @Override
                public Map<String, Object> exchangeMessageStats(String v, String e, Map<String, List<String>> query) {
                    return Map.of();
                }

                @Override
                public Map<String, Long> globalCounters() {
                    return Map.of("publish", 10L, "queue_publish", 9L, "queue_ack", 7L, "connection_created", 4L);
                }
            };
        }
    };

    private static MetricSnapshot family(MetricSnapshots s, String name) {
        return s.stream().filter(f -> f.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no family " + name));
    }

    private static double gauge(MetricSnapshots s, String name, String queue) {
        GaugeSnapshot g = (GaugeSnapshot) family(s, name);
        return g.getDataPoints().stream()
                .filter(p -> queue == null || queue.equals(p.getLabels().get("queue")))
                .findFirst().orElseThrow().getValue();
    }

    private static String text(MetricSnapshots s) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, s);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aggregatedQueueMetricsAreSums() throws Exception {
        MetricSnapshots s = PrometheusRoutes.snapshots(BACKEND, false, null);
        assertEquals(7.0, gauge(s, "rabbitmq_queue_messages_ready", null));
        assertEquals(1.0, gauge(s, "rabbitmq_queue_messages_unacked", null));
        assertEquals(8.0, gauge(s, "rabbitmq_queue_messages", null));
        assertEquals(2.0, gauge(s, "rabbitmq_queues", null));
        assertEquals(2.0, gauge(s, "rabbitmq_connections", null));
        assertEquals(5.0, gauge(s, "rabbitmq_channels", null));
        String t = text(s);
        assertTrue(t.contains("rabbitmq_global_messages_received_total{protocol=\"amqp091\"} 10.0"), t);
        assertTrue(t.contains("rabbitmq_global_messages_routed_total{protocol=\"amqp091\"} 9.0"), t);
        assertTrue(t.contains("rabbitmq_global_messages_acknowledged_total{protocol=\"amqp091\"} 7.0"), t);
        assertTrue(t.contains("rabbitmq_connections_opened_total 4.0"), t);
        assertTrue(t.contains("rabbitmq_identity_info{rabbitmq_cluster=\"warren\",rabbitmq_cluster_permanent_id="), t);
    }

    @Test
    void perObjectQueueMetricsCarryVhostAndQueueLabels() throws Exception {
        MetricSnapshots s = PrometheusRoutes.snapshots(BACKEND, true, null);
        assertEquals(3.0, gauge(s, "rabbitmq_queue_messages_ready", "a"));
        assertEquals(4.0, gauge(s, "rabbitmq_queue_messages_ready", "b"));
        assertEquals(2.0, gauge(s, "rabbitmq_queue_consumers", "b"));
        assertTrue(text(s).contains("rabbitmq_queue_messages_ready{queue=\"b\",vhost=\"shop\"} 4.0"), text(s));
    }

    @Test
    void detailedGivesTheAskedFamiliesForTheAskedVhosts() throws Exception {
        MetricFamilies m = new MetricFamilies();
        DetailedMetrics.add(m, BACKEND, Set.of("queue_coarse_metrics", "connection_churn_metrics"), List.of("shop"));
        MetricSnapshots s = m.build();
        GaugeSnapshot ready = (GaugeSnapshot) family(s, "rabbitmq_detailed_queue_messages_ready");
        assertEquals(1, ready.getDataPoints().size());
        assertEquals("b", ready.getDataPoints().get(0).getLabels().get("queue"));
        assertTrue(s.stream().noneMatch(f -> f.getMetadata().getName().equals("rabbitmq_detailed_queue_consumers")));
        assertTrue(text(s).contains("rabbitmq_detailed_connections_opened_total 4.0"), text(s));
    }
}
