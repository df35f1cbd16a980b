package io.warrenmq.server.management;

import io.warrenmq.management.ManagementOptions;
import io.warrenmq.server.tls.TlsSettings;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code rabbitmq.conf} keys of the management API and the Prometheus endpoint:
 * {@code management.tcp.port}, {@code management.tcp.ip}, {@code management.path_prefix},
 * {@code management.cors.allow_origins.N}, {@code management.http.max_body_size},
 * {@code prometheus.tcp.port}, {@code prometheus.tcp.ip}; and Warren's switches
 * {@code management.enabled} and {@code prometheus.enabled} (RabbitMQ disables the plugins instead).
 * Collects them into one {@link ManagementOptions}.
 *
 * <p>Not thread-safe: one per configuration read.
 */
public final class ManagementSettings {
    private ManagementOptions options;
    private final Map<Integer, String> origins = new TreeMap<>();
    private boolean tcpConfigured;

    public ManagementSettings(ManagementOptions start) {
        this.options = start;
    }

    public static boolean handles(String key) {
        return key.startsWith("management.") && !key.equals("management.load_definitions")
                && !key.startsWith("management.ssl.")
                || key.startsWith("prometheus.");
    }

    /** @throws IllegalArgumentException for an unknown key or a bad value, naming it */
    public void set(String key, String v) {
        ManagementOptions o = options;
        if (key.startsWith("management.tcp.")) {
            tcpConfigured = true;
        }
        options = switch (key) {
            case "management.enabled" -> o.withEnabled(bool(key, v));
            case "management.tcp.port" -> o.withListener(o.host(), port(key, v));
            case "management.tcp.ip" -> o.withListener(v, o.port());
            case "management.path_prefix" -> o.withPathPrefix(v);
            case "management.http.max_body_size" -> o.withMaxBodySize(positive(key, v));
            case "prometheus.enabled" -> o.withPrometheus(bool(key, v), o.prometheusHost(), o.prometheusPort());
            case "prometheus.tcp.port" -> o.withPrometheus(o.prometheusEnabled(), o.prometheusHost(), port(key, v));
            case "prometheus.tcp.ip" -> o.withPrometheus(o.prometheusEnabled(), v, o.prometheusPort());
            default -> {
                if (key.startsWith("management.cors.allow_origins.")) {
                    origins.put(TlsSettings.index(key, "management.cors.allow_origins."), v);
                    yield o;
                }
                throw new IllegalArgumentException("unknown setting '" + key + "'");
            }
        };
    }

    /** Whether a {@code management.tcp.*} key was given (with HTTPS configured and none, HTTP is off). */
    public boolean tcpConfigured() {
        return tcpConfigured;
    }

    public ManagementOptions options() {
        return origins.isEmpty() ? options : options.withCorsOrigins(TlsSettings.ordered(origins));
    }

    private static int port(String key, String v) {
        int p = positive(key, v);
        if (p > 65535) {
            throw new IllegalArgumentException(key + " must be a port number, not " + v);
        }
        return p;
    }

    private static int positive(String key, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number >= 0, not " + v);
        }
    }

    private static boolean bool(String key, String v) {
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, not " + v);
        };
    }
}
