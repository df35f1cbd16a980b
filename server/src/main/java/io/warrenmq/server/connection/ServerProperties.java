package io.warrenmq.server.connection;

import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.server.BrokerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The server-properties table of {@code connection.start}.
 *
 * <p>As RabbitMQ's ({@code rabbit_reader:server_properties}): {@code product}, {@code version},
 * {@code platform}, {@code copyright}, {@code information}, {@code cluster_name} and the
 * capabilities. {@code version} is the RabbitMQ release Warren follows (clients gate features
 * on it), Warren's own version is {@code warren_version}.
 *
 * <p>Capabilities are advertised only once they work (RabbitMQ clients switch behaviour on
 * them): see the README's status table.
 *
 * <p>Thread-safety: stateless.
 */
public final class ServerProperties {
    /** Warren's own version, from the build (warren-version.properties, filtered by Maven). */
    public static final String WARREN_VERSION = readVersion();

    private ServerProperties() {
    }

    /** @param clusterName the cluster_name global parameter as it is now (RabbitMQ announces the current one) */
    public static FieldTable table(BrokerConfig config, String clusterName) {
        Map<String, Object> capabilities = new LinkedHashMap<>();
        capabilities.put("publisher_confirms", true);
        capabilities.put("basic.nack", true);
        capabilities.put("exchange_exchange_bindings", true);
        capabilities.put("consumer_cancel_notify", true);
        capabilities.put("connection.blocked", true);
        capabilities.put("per_consumer_qos", true);
        capabilities.put("consumer_priorities", true);
        capabilities.put("authentication_failure_close", true);
        capabilities.put("direct_reply_to", true);

        Map<String, Object> props = new LinkedHashMap<>();
        props.put("capabilities", FieldTable.of(capabilities));
        props.put("cluster_name", clusterName);
        props.put("copyright", "Copyright (c) the Warren authors");
        props.put("information", "Licensed under the Apache License 2.0");
        props.put("platform", "Java " + Runtime.version().feature());
        props.put("product", "Warren");
        props.put("version", config.compatibilityVersion());
        props.put("warren_version", WARREN_VERSION);
        return FieldTable.of(props);
    }

    private static String readVersion() {
        try (InputStream in = ServerProperties.class.getResourceAsStream("/io/warrenmq/server/warren-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
