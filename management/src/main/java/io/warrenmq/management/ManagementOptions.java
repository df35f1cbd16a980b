package io.warrenmq.management;

import java.util.List;

/**
 * The management listener's settings, with RabbitMQ's keys ({@code management.tcp.port},
 * {@code management.tcp.ip}, {@code management.path_prefix}, {@code management.cors.allow_origins},
 * {@code management.http.max_body_size}; HTTPS with {@code management.ssl.*}, set by the broker as
 * a Netty {@code SslContext} because the TLS settings are the broker's).
 *
 * @param enabled whether the broker starts the API at all
 * @param host the address to bind ({@code 0.0.0.0}: all interfaces, RabbitMQ's default)
 * @param port 15672 by default; 0 picks a free port (read it back from the server)
 * @param pathPrefix "" or a prefix such as {@code /rabbitmq} that every path starts with
 * @param corsOrigins origins allowed to call the API from a browser ({@code *}: any); empty: none
 * @param maxBodySize the largest request body accepted (RabbitMQ's default: 20 MiB)
 * @param prometheusEnabled whether the Prometheus endpoint is served ({@code prometheus.tcp.port})
 * @param prometheusHost the Prometheus listener's address
 * @param prometheusPort 15692 by default; 0 picks a free port
 * @param httpsPort the HTTPS listener's port ({@code management.ssl.port}), -1 for none; it needs the
 *     broker's {@code SslContext}. {@code port} -1 means no plain HTTP listener (HTTPS only)
 */
public record ManagementOptions(boolean enabled, String host, int port, String pathPrefix,
        List<String> corsOrigins, int maxBodySize,
        boolean prometheusEnabled, String prometheusHost, int prometheusPort, int httpsPort) {

    public static final int DEFAULT_PORT = 15672;
    public static final int DEFAULT_PROMETHEUS_PORT = 15692;
    public static final int DEFAULT_MAX_BODY_SIZE = 20 * 1024 * 1024;

    /** Off: what an embedded broker (a library, a test) gets unless it asks. */
    public static final ManagementOptions DISABLED = new ManagementOptions(false, "0.0.0.0", DEFAULT_PORT, "",
            List.of(), DEFAULT_MAX_BODY_SIZE, false, "0.0.0.0", DEFAULT_PROMETHEUS_PORT, -1);

    /** RabbitMQ's defaults, which the broker process starts with: API on 15672, metrics on 15692. */
    public static final ManagementOptions SERVER_DEFAULTS = new ManagementOptions(true, "0.0.0.0", DEFAULT_PORT, "",
            List.of(), DEFAULT_MAX_BODY_SIZE, true, "0.0.0.0", DEFAULT_PROMETHEUS_PORT, -1);

    public ManagementOptions {
        pathPrefix = normalisePrefix(pathPrefix);
        corsOrigins = List.copyOf(corsOrigins);
    }

    /** On, on loopback, both listeners on free ports: for tests. */
    public static ManagementOptions ephemeral() {
        return new ManagementOptions(true, "127.0.0.1", 0, "", List.of(), DEFAULT_MAX_BODY_SIZE,
                true, "127.0.0.1", 0, -1);
    }

    public ManagementOptions withEnabled(boolean on) {
        return new ManagementOptions(on, host, port, pathPrefix, corsOrigins, maxBodySize, prometheusEnabled,
                prometheusHost, prometheusPort, httpsPort);
    }

    public ManagementOptions withListener(String newHost, int newPort) {
        return new ManagementOptions(enabled, newHost, newPort, pathPrefix, corsOrigins, maxBodySize,
                prometheusEnabled, prometheusHost, prometheusPort, httpsPort);
    }

    public ManagementOptions withPathPrefix(String prefix) {
        return new ManagementOptions(enabled, host, port, prefix, corsOrigins, maxBodySize, prometheusEnabled,
                prometheusHost, prometheusPort, httpsPort);
    }

    public ManagementOptions withCorsOrigins(List<String> origins) {
        return new ManagementOptions(enabled, host, port, pathPrefix, origins, maxBodySize, prometheusEnabled,
                prometheusHost, prometheusPort, httpsPort);
    }

    public ManagementOptions withMaxBodySize(int bytes) {
        return new ManagementOptions(enabled, host, port, pathPrefix, corsOrigins, bytes, prometheusEnabled,
                prometheusHost, prometheusPort, httpsPort);
    }

    public ManagementOptions withPrometheus(boolean on, String newHost, int newPort) {
        return new ManagementOptions(enabled, host, port, pathPrefix, corsOrigins, maxBodySize, on, newHost, newPort, httpsPort);
    }

    public ManagementOptions withHttps(int newHttpsPort) {
        return new ManagementOptions(enabled, host, port, pathPrefix, corsOrigins, maxBodySize, prometheusEnabled,
                prometheusHost, prometheusPort, newHttpsPort);
    }

    /** RabbitMQ's fixup_prefix: "" stays, "x" becomes "/x"; a trailing slash is dropped. */
    static String normalisePrefix(String p) {
        if (p == null || p.isEmpty() || p.equals("/")) {
            return "";
        }
        String s = p.startsWith("/") ? p : "/" + p;
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
