package io.warrenmq.management.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON request values as the broker's argument tables want them: every integer a {@code Long}
 * (rabbit_mgmt_format:to_amqp_table makes JSON integers AMQP {@code long}s, whatever their size),
 * other numbers {@code Double}, objects insertion-ordered maps.
 *
 * <p>Stateless.
 */
public final class JsonValues {
    private JsonValues() {
    }

    public static Object toJava(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToLong() ? (Object) v.asLong() : v.decimalValue();
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isArray()) {
            List<Object> out = new ArrayList<>();
            v.forEach(e -> out.add(toJava(e)));
            return out;
        }
        if (v.isObject()) {
            return toMap(v);
        }
        return v.asText();
    }

    /** An object's members as Java values; a null or missing node is the empty map. */
    public static Map<String, Object> toMap(JsonNode object) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (object == null || object.isNull()) {
            return out;
        }
        object.fields().forEachRemaining(e -> out.put(e.getKey(), toJava(e.getValue())));
        return out;
    }
}
