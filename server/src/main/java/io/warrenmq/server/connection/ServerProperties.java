package io.warrenmq.server.connection;

import io.warrenmq.codec.types.FieldTable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server-properties table of {@code connection.start}.
 *
 * <p>Capabilities are advertised only once they work (RabbitMQ clients switch behaviour on
 * them): see the README's status table.
 */
public final class ServerProperties {
    public static final String VERSION = "0.1.0";

    private ServerProperties() {
    }

    public static FieldTable table() {
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
        props.put("product", "Warren");
        props.put("version", VERSION);
        props.put("platform", "Java " + Runtime.version().feature());
        props.put("copyright", "Copyright (c) the Warren authors");
        props.put("information", "Licensed under the Apache License 2.0");
        props.put("cluster_name", "warren");
        props.put("capabilities", FieldTable.of(capabilities));
        return FieldTable.of(props);
    }
}
