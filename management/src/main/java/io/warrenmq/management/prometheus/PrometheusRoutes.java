package io.warrenmq.management.prometheus;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.http.ApiRequest;
import io.warrenmq.management.http.ApiResponse;
import io.warrenmq.management.http.RawBody;
import io.warrenmq.management.http.Router;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Prometheus listener's routes (rabbitmq_prometheus, {@code prometheus.tcp.port}, no auth):
 * {@code /metrics} (aggregated), {@code /metrics/per-object} (queue metrics per queue) and
 * {@code /metrics/detailed} (the families asked for), plus the JVM's own metrics
 * (prometheus-metrics-instrumentation-jvm) on the first two. The format follows the Accept
 * header: OpenMetrics when the scraper asks for it, else the Prometheus text format.
 *
 * <p>Thread-safety: runs on the management loop; each scrape builds its own snapshots. The JVM
 * collectors live in a registry of this router's own, so that brokers in one JVM (tests) do not
 * share one.
 */
public final class PrometheusRoutes {
    private final ManagementBackend backend;
    private final PrometheusRegistry jvm = new PrometheusRegistry();
    private final ExpositionFormats formats = ExpositionFormats.init();

    private PrometheusRoutes(ManagementBackend backend) {
        this.backend = backend;
        JvmMetrics.builder().register(jvm);
    }

    public static Router router(ManagementBackend backend) {
        PrometheusRoutes p = new PrometheusRoutes(backend);
        Router r = new Router();
        r.get("/metrics", req -> p.scrape(req, false));
        r.get("/metrics/per-object", req -> p.scrape(req, true));
        r.get("/metrics/detailed", p::detailed);
        return r;
    }

    /** The aggregated or per-object scrape as a snapshot set (for tests, and the routes). */
    static MetricSnapshots snapshots(ManagementBackend backend, boolean perObject, MetricSnapshots extra) {
        MetricFamilies m = new MetricFamilies();
        CoreMetrics.identity(m, backend, perObject ? "per-object" : "metrics");
        CoreMetrics.add(m, backend, perObject);
        if (extra != null) {
            m.addAll(extra);
        }
        return m.build();
    }

    private ApiResponse scrape(ApiRequest req, boolean perObject) {
        return write(req, snapshots(backend, perObject, jvm.scrape()));
    }

    private ApiResponse detailed(ApiRequest req) {
        Set<String> families = new HashSet<>(values(req, "family"));
        MetricFamilies m = new MetricFamilies();
        CoreMetrics.identity(m, backend, "detailed");
        DetailedMetrics.add(m, backend, families, values(req, "vhost"));
        return write(req, m.build());
    }

    private static List<String> values(ApiRequest req, String key) {
        List<String> v = req.queryParameters().get(key);
        return v == null ? List.of() : v;
    }

    private ApiResponse write(ApiRequest req, MetricSnapshots snapshots) {
        String accept = req.header("Accept");
        ExpositionFormatWriter writer = formats.findWriter(accept == null ? "" : accept);
        if (!writer.isAvailable()) {
            writer = formats.getPrometheusTextFormatWriter(); // protobuf needs a module we do not ship
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, snapshots);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ApiResponse.ok(new RawBody(writer.getContentType(), out.toByteArray()));
    }
}
