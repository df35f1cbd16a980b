package io.warrenmq.server.definitions;

import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.codec.types.FieldValues;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Arguments between a definitions document's JSON values and AMQP field tables. JSON integers
 * become longs ({@code l}), as they do when RabbitMQ imports them, so an imported
 * {@code x-message-ttl} compares equal to one a client declares with a long.
 *
 * <p>Thread-safety: stateless.
 */
public final class JsonArguments {
    private JsonArguments() {
    }

    /** @throws IllegalArgumentException for a value with no field-table encoding */
    public static FieldTable toTable(Map<String, Object> json) {
        return json == null ? FieldTable.EMPTY : FieldTable.of(json);
    }

    /** A field table as JSON values: numbers, strings, booleans, lists, objects, null. */
    public static Map<String, Object> toJson(FieldTable table) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : table.asMap().entrySet()) {
            out.put(e.getKey(), value(e.getValue()));
        }
        return out;
    }

    private static Object value(Object v) {
        if (v instanceof FieldTable t) {
            return toJson(t);
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(x -> out.add(value(x)));
            return out;
        }
        if (v instanceof Byte || v instanceof Short || v instanceof Integer) {
            return ((Number) v).longValue();
        }
        if (v instanceof FieldValues.UnsignedByte u) {
            return (long) u.value();
        }
        if (v instanceof FieldValues.UnsignedShort u) {
            return (long) u.value();
        }
        if (v instanceof FieldValues.UnsignedInt u) {
            return u.value();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof BigDecimal d) {
            return d.doubleValue();
        }
        if (v instanceof Instant t) {
            return t.getEpochSecond(); // RabbitMQ's management formats timestamps as seconds too
        }
        if (v instanceof byte[] bytes) {
            // why a lossy string: JSON has no bytes, and RabbitMQ's export writes binaries as strings
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return v; // Boolean, Long, Double, String, null
    }
}
