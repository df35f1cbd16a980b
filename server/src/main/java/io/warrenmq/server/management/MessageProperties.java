package io.warrenmq.server.management;

import io.warrenmq.codec.types.BasicProperties;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.management.backend.BrokerRefusal;
import io.warrenmq.server.definitions.JsonArguments;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Message properties between RabbitMQ's JSON form (rabbit_mgmt_format:basic_properties and
 * to_basic_properties: {@code content_type}, {@code delivery_mode}, {@code headers}, {@code timestamp}
 * in seconds, ...) and the AMQP property list.
 *
 * <p>Stateless.
 */
final class MessageProperties {
    private MessageProperties() {
    }

    /** The request's {@code properties} object; unknown keys are refused with 400 as RabbitMQ does. */
    static BasicProperties fromJson(Map<String, Object> p) {
        if (p == null || p.isEmpty()) {
            return BasicProperties.EMPTY;
        }
        for (String key : p.keySet()) {
            if (!KNOWN.contains(key)) {
                throw new BrokerRefusal(400, "invalid property '" + key + "'");
            }
        }
        Object headers = p.get("headers");
        if (headers != null && !(headers instanceof Map)) {
            throw new BrokerRefusal(400, "headers must be an object");
        }
        FieldTable table;
        try {
            table = headers == null ? null : JsonArguments.toTable(cast(headers));
        } catch (IllegalArgumentException e) {
            throw new BrokerRefusal(400, "headers: " + e.getMessage());
        }
        Long timestamp = integer(p, "timestamp");
        return new BasicProperties(string(p, "content_type"), string(p, "content_encoding"), table,
                octet(p, "delivery_mode"), octet(p, "priority"), string(p, "correlation_id"), string(p, "reply_to"),
                string(p, "expiration"), string(p, "message_id"),
                timestamp == null ? null : Instant.ofEpochSecond(timestamp), string(p, "type"),
                string(p, "user_id"), string(p, "app_id"), string(p, "cluster_id"));
    }

    /** RabbitMQ's JSON for the properties a message carries: only those present. */
    static Map<String, Object> toJson(BasicProperties p) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (p == null) {
            return m;
        }
        put(m, "content_type", p.contentType());
        put(m, "content_encoding", p.contentEncoding());
        if (p.headers() != null) {
            m.put("headers", JsonArguments.toJson(p.headers()));
        }
        put(m, "delivery_mode", p.deliveryMode());
        put(m, "priority", p.priority());
        put(m, "correlation_id", p.correlationId());
        put(m, "reply_to", p.replyTo());
        put(m, "expiration", p.expiration());
        put(m, "message_id", p.messageId());
        put(m, "timestamp", p.timestamp() == null ? null : p.timestamp().getEpochSecond());
        put(m, "type", p.type());
        put(m, "user_id", p.userId());
        put(m, "app_id", p.appId());
        put(m, "cluster_id", p.clusterId());
        return m;
    }

    private static final java.util.Set<String> KNOWN = java.util.Set.of("content_type", "content_encoding", "headers",
            "delivery_mode", "priority", "correlation_id", "reply_to", "expiration", "message_id", "timestamp",
            "type", "user_id", "app_id", "cluster_id");

    private static void put(Map<String, Object> m, String key, Object v) {
        if (v != null) {
            m.put(key, v);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    private static String string(Map<String, Object> p, String key) {
        Object v = p.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Map || v instanceof java.util.List) {
            throw new BrokerRefusal(400, key + " must be a string");
        }
        return v.toString();
    }

    /** A number, or a numeric string (rabbitmqadmin sends "2"). */
    private static Long integer(Map<String, Object> p, String key) {
        Object v = p.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Long || v instanceof Integer) {
            return ((Number) v).longValue();
        }
        try {
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new BrokerRefusal(400, key + " must be an integer, not " + v);
        }
    }

    private static Integer octet(Map<String, Object> p, String key) {
        Long v = integer(p, key);
        if (v == null) {
            return null;
        }
        if (v < 0 || v > 255) {
            throw new BrokerRefusal(400, key + " must be between 0 and 255, not " + v);
        }
        return v.intValue();
    }
}
