package io.warrenmq.it.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.warrenmq.it.Await;
import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.management.ManagementOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Prometheus endpoint over HTTP without credentials (as rabbitmq_prometheus): both text
 * formats parse strictly, every metric name the RabbitMQ-Overview Grafana dashboard queries is
 * present, identity labels are RabbitMQ's, counters move with AMQP traffic, the detailed endpoint
 * gives the asked families only.
 */
class PrometheusIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagement(ManagementOptions.ephemeral()));

    /** Every rabbitmq_* name in deps/rabbitmq_prometheus/docker/grafana/dashboards/RabbitMQ-Overview.json. */
    static final List<String> DASHBOARD = List.of("rabbitmq_queue_messages_ready", "rabbitmq_identity_info",
            "rabbitmq_channel_messages_published_total", "rabbitmq_channels", "rabbitmq_channel_consumers",
            "rabbitmq_connections", "rabbitmq_queues", "rabbitmq_queue_messages_unacked",
            "rabbitmq_channel_messages_redelivered_total", "rabbitmq_channel_messages_delivered_total",
            "rabbitmq_channel_messages_delivered_ack_total", "rabbitmq_channel_get_total",
            "rabbitmq_channel_get_ack_total", "rabbitmq_build_info", "rabbitmq_resident_memory_limit_bytes",
            "rabbitmq_process_resident_memory_bytes", "rabbitmq_disk_space_available_bytes",
            "rabbitmq_process_max_fds", "rabbitmq_process_open_fds", "rabbitmq_process_max_tcp_sockets",
            "rabbitmq_process_open_tcp_sockets", "rabbitmq_channel_messages_confirmed_total",
            "rabbitmq_queue_messages_published_total", "rabbitmq_channel_messages_unconfirmed",
            "rabbitmq_channel_messages_unroutable_dropped_total", "rabbitmq_channel_messages_unroutable_returned_total",
            "rabbitmq_channel_messages_acked_total", "rabbitmq_channel_get_empty_total",
            "rabbitmq_queues_declared_total", "rabbitmq_queues_created_total", "rabbitmq_queues_deleted_total",
            "rabbitmq_channels_opened_total", "rabbitmq_channels_closed_total", "rabbitmq_connections_opened_total",
            "rabbitmq_connections_closed_total");

    static final List<String> ALSO = List.of("rabbitmq_consumers", "rabbitmq_queue_messages",
            "rabbitmq_global_messages_received_total", "rabbitmq_global_messages_confirmed_total",
            "rabbitmq_global_messages_routed_total", "rabbitmq_global_messages_delivered_total",
            "rabbitmq_global_messages_acknowledged_total", "rabbitmq_global_messages_redelivered_total",
            "rabbitmq_global_messages_unroutable_dropped_total", "rabbitmq_global_messages_unroutable_returned_total",
            "rabbitmq_global_publishers", "rabbitmq_global_consumers", "rabbitmq_disk_space_available_limit_bytes",
            "rabbitmq_alarms_memory_used_watermark", "rabbitmq_alarms_free_disk_space_watermark",
            "rabbitmq_alarms_file_descriptor_limit", "jvm_memory_used_bytes", "jvm_threads_current");

    private static HttpResponse<String> get(String path, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + broker.broker().prometheusPort() + path));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theDashboardsMetricNamesArePresentInAStrictlyParsedScrapeWithoutAuth() throws Exception {
        HttpResponse<String> r = get("/metrics", null);
        assertEquals(200, r.statusCode(), r::body);
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"),
                r.headers()::toString);
        PrometheusText.Scrape s = PrometheusText.parse(r.body(), false);
        List<String> missing = new ArrayList<>();
        for (String name : DASHBOARD) {
            if (!s.has(name)) {
                missing.add(name);
            }
        }
        for (String name : ALSO) {
            if (!s.has(name)) {
                missing.add(name);
            }
        }
        assertEquals(List.of(), missing);
        var identity = s.named("rabbitmq_identity_info").get(0);
        assertTrue(identity.labels().get("rabbitmq_node").startsWith("warren@"), identity::toString);
        assertEquals(broker.broker().config().clusterName(), identity.labels().get("rabbitmq_cluster"));
        assertEquals("metrics", identity.labels().get("rabbitmq_endpoint"));
        assertEquals(broker.broker().config().compatibilityVersion(),
                s.named("rabbitmq_build_info").get(0).labels().get("rabbitmq_version"));
        assertEquals("counter", s.types().get("rabbitmq_connections_opened_total"));
        assertEquals("gauge", s.types().get("rabbitmq_queues"));
        assertTrue(s.named("rabbitmq_process_open_fds").get(0).value() > 0);
        assertEquals(broker.broker().alarms().memoryLimit(),
                (long) s.named("rabbitmq_resident_memory_limit_bytes").get(0).value());
    }

    @Test
    void openMetricsIsServedWhenAsked() throws Exception {
        HttpResponse<String> r = get("/metrics", "application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/openmetrics-text"),
                r.headers()::toString);
        PrometheusText.Scrape s = PrometheusText.parse(r.body(), true);
        assertTrue(s.has("rabbitmq_connections_opened_total"));
        assertTrue(s.has("rabbitmq_identity_info"));
    }

    @Test
    void countersFollowAmqpTraffic() throws Exception {
        double before = counter("rabbitmq_global_messages_received_total");
        double opened = counter("rabbitmq_connections_opened_total");
        try (Connection c = broker.newConnection(); Channel ch = c.createChannel()) {
            String q = ch.queueDeclare().getQueue();
            for (int i = 0; i < 3; i++) {
                ch.basicPublish("", q, null, new byte[0]);
            }
            Await.until("the sampler counted 3 publishes",
                    () -> counter("rabbitmq_global_messages_received_total") >= before + 3);
            assertEquals(before + 3, counter("rabbitmq_global_messages_received_total"));
            assertTrue(counter("rabbitmq_connections_opened_total") >= opened + 1);
            assertTrue(counter("rabbitmq_global_messages_routed_total") >= 3);
        }
    }

    private static double counter(String name) throws Exception {
        PrometheusText.Scrape s = PrometheusText.parse(get("/metrics", null).body(), false);
        return s.named(name).get(0).value();
    }

    @Test
    void detailedGivesOnlyTheAskedFamiliesWithTheDetailedPrefix() throws Exception {
        HttpResponse<String> r = get("/metrics/detailed?family=connection_churn_metrics", null);
        assertEquals(200, r.statusCode());
        PrometheusText.Scrape s = PrometheusText.parse(r.body(), false);
        assertTrue(s.has("rabbitmq_detailed_connections_opened_total"), r::body);
        assertTrue(s.has("rabbitmq_identity_info"));
        assertTrue(!s.has("rabbitmq_connections") && !s.has("rabbitmq_detailed_queue_consumers"), r::body);
        assertEquals("detailed", s.named("rabbitmq_identity_info").get(0).labels().get("rabbitmq_endpoint"));

        PrometheusText.Scrape perObject = PrometheusText.parse(get("/metrics/per-object", null).body(), false);
        assertEquals("per-object", perObject.named("rabbitmq_identity_info").get(0).labels().get("rabbitmq_endpoint"));
        assertTrue(perObject.has("rabbitmq_connections"));
    }
}
