package io.warrenmq.management.resources.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.warrenmq.management.http.ApiException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading request bodies as RabbitMQ's resources do: required keys ({@code rabbit_mgmt_util:with_decode}
 * answers 400 {@code {key_missing,K}}), strings, integers, and tags given as a comma-separated
 * string (what rabbitmqadmin, rabbit-hole and the UI send) or a JSON array.
 *
 * <p>Stateless.
 */
public final class Bodies {
    private Bodies() {
    }

    public static JsonNode required(ObjectNode body, String key) {
        JsonNode v = body.get(key);
        if (v == null || v.isNull()) {
            throw ApiException.badRequest("{key_missing," + key + "}");
        }
        return v;
    }

    public static String requiredString(ObjectNode body, String key) {
        JsonNode v = required(body, key);
        if (!v.isTextual()) {
            throw ApiException.badRequest(key + " must be a string");
        }
        return v.asText();
    }

    /** A string value, or {@code otherwise} when the key is absent or null. */
    public static String string(ObjectNode body, String key, String otherwise) {
        JsonNode v = body.get(key);
        if (v == null || v.isNull()) {
            return otherwise;
        }
        if (!v.isValueNode()) {
            throw ApiException.badRequest(key + " must be a string");
        }
        return v.asText();
    }

    /** An integer value given as a JSON number or a numeric string (the UI sends strings). */
    public static long integer(JsonNode v, String key) {
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.asLong();
        }
        if (v.isTextual()) {
            try {
                return Long.parseLong(v.asText().trim());
            } catch (NumberFormatException e) {
                // falls through to the refusal
            }
        }
        throw ApiException.badRequest(key + ": " + v + " is not an integer");
    }

    /** Tags in: a comma-separated string or an array of strings; absent is none. */
    public static List<String> tags(JsonNode v) {
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isTextual()) {
            for (String t : v.asText().split(",")) {
                if (!t.isBlank()) {
                    out.add(t.trim());
                }
            }
            return out;
        }
        if (v.isArray()) {
            for (JsonNode t : v) {
                if (!t.isTextual()) {
                    throw ApiException.badRequest("tags must be strings");
                }
                if (!t.asText().isBlank()) {
                    out.add(t.asText().trim());
                }
            }
            return out;
        }
        throw ApiException.badRequest("tags must be a comma-separated string or a list of strings");
    }
}
