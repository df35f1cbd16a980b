package io.warrenmq.definitions;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Reads a definitions document as RabbitMQ 3.x and 4.x write it, tolerating what their versions
 * differ in: tags as a list or a comma-separated string; vhost limits and policy definitions as an
 * object or (3.10's export) a list of {@code [key, value]} pairs; vhost metadata at the top level or
 * under {@code metadata}; sections absent or null. Every error names its entry.
 *
 * <p>Bounded: the input is cut off at {@code maxBytes} (an error, not a truncated import), and
 * nesting depth and string lengths are limited by the parser.
 *
 * <p>Thread-safety: stateless.
 */
public final class DefinitionsReader {
    /** What an import may weigh unless the caller says otherwise; RabbitMQ's HTTP API allows 20 MB bodies. */
    public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64)
                    .maxStringLength(1 << 20).build())
            .build());

    private DefinitionsReader() {
    }

    public static RabbitDefinitions read(InputStream in, long maxBytes) {
        JsonNode root;
        try {
            root = MAPPER.readTree(new BoundedInputStream(in, maxBytes));
        } catch (BoundedInputStream.TooLargeException e) {
            throw new DefinitionsException("definitions larger than " + maxBytes + " bytes");
        } catch (JsonProcessingException e) {
            throw new DefinitionsException("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new DefinitionsException("cannot read definitions: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new DefinitionsException("definitions must be a JSON object");
        }
        return new RabbitDefinitions(
                optionalText(root, "rabbit_version"), optionalText(root, "rabbitmq_version"),
                list(root, "users", DefinitionsReader::user),
                list(root, "vhosts", DefinitionsReader::vhost),
                list(root, "permissions", (n, at) -> new RabbitDefinitions.Permission(text(n, "user", at),
                        text(n, "vhost", at), text(n, "configure", at), text(n, "write", at), text(n, "read", at))),
                list(root, "topic_permissions", (n, at) -> new RabbitDefinitions.TopicPermission(text(n, "user", at),
                        text(n, "vhost", at), text(n, "exchange", at), text(n, "write", at), text(n, "read", at))),
                list(root, "parameters", (n, at) -> new RabbitDefinitions.Parameter(text(n, "vhost", at),
                        text(n, "component", at), text(n, "name", at), value(n.get("value")))),
                list(root, "global_parameters", (n, at) -> new RabbitDefinitions.GlobalParameter(text(n, "name", at),
                        value(n.get("value")))),
                list(root, "policies", DefinitionsReader::policy),
                list(root, "queues", (n, at) -> new RabbitDefinitions.Queue(text(n, "vhost", at), text(n, "name", at),
                        bool(n, "durable", true, at), bool(n, "auto_delete", false, at),
                        n.hasNonNull("type") ? text(n, "type", at) : null, table(n, "arguments", at))),
                list(root, "exchanges", (n, at) -> new RabbitDefinitions.Exchange(text(n, "vhost", at),
                        text(n, "name", at), text(n, "type", at), bool(n, "durable", true, at),
                        bool(n, "auto_delete", false, at), bool(n, "internal", false, at), table(n, "arguments", at))),
                list(root, "bindings", (n, at) -> new RabbitDefinitions.Binding(text(n, "vhost", at),
                        text(n, "source", at), text(n, "destination", at), destinationType(n, at),
                        n.hasNonNull("routing_key") ? text(n, "routing_key", at) : "", table(n, "arguments", at))));
    }

    private static RabbitDefinitions.User user(JsonNode n, String at) {
        String algorithm = n.hasNonNull("hashing_algorithm") ? text(n, "hashing_algorithm", at)
                : "rabbit_password_hashing_sha256";
        return new RabbitDefinitions.User(text(n, "name", at),
                n.hasNonNull("password_hash") ? text(n, "password_hash", at) : "", algorithm, tags(n.get("tags"), at),
                table(n, "limits", at));
    }

    private static RabbitDefinitions.Vhost vhost(JsonNode n, String at) {
        JsonNode meta = n.has("metadata") && n.get("metadata").isObject() ? n.get("metadata") : n;
        String description = meta.hasNonNull("description") ? text(meta, "description", at)
                : n.hasNonNull("description") ? text(n, "description", at) : "";
        JsonNode tags = meta.has("tags") ? meta.get("tags") : n.get("tags");
        String type = meta.hasNonNull("default_queue_type") ? text(meta, "default_queue_type", at)
                : n.hasNonNull("default_queue_type") ? text(n, "default_queue_type", at) : "";
        return new RabbitDefinitions.Vhost(text(n, "name", at), description, tags(tags, at), type,
                table(n, "limits", at));
    }

    private static RabbitDefinitions.Policy policy(JsonNode n, String at) {
        JsonNode priority = n.get("priority");
        if (priority != null && !priority.isNull() && !priority.canConvertToLong()) {
            throw new DefinitionsException(at + ": 'priority' must be an integer");
        }
        return new RabbitDefinitions.Policy(text(n, "vhost", at), text(n, "name", at), text(n, "pattern", at),
                n.hasNonNull("apply-to") ? text(n, "apply-to", at) : "all",
                priority == null || priority.isNull() ? 0 : priority.asLong(), table(n, "definition", at));
    }

    private static String destinationType(JsonNode n, String at) {
        String t = text(n, "destination_type", at);
        if (!t.equals("queue") && !t.equals("exchange")) {
            throw new DefinitionsException(at + ": destination_type must be 'queue' or 'exchange', got '" + t + "'");
        }
        return t;
    }

    private static <T> List<T> list(JsonNode root, String section, BiFunction<JsonNode, String, T> entry) {
        JsonNode array = root.get(section);
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new DefinitionsException("'" + section + "' must be an array");
        }
        List<T> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode n = array.get(i);
            String at = section + "[" + i + "]" + describe(n);
            if (!n.isObject()) {
                throw new DefinitionsException(at + ": must be an object");
            }
            out.add(entry.apply(n, at));
        }
        return out;
    }

    /** " (vhost 'v', name 'n')" when the entry has those fields, so errors are findable in big files. */
    private static String describe(JsonNode n) {
        if (!n.isObject()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (String key : new String[] {"vhost", "name", "user", "source", "destination"}) {
            if (n.hasNonNull(key) && n.get(key).isTextual()) {
                b.append(b.length() == 0 ? " (" : ", ").append(key).append(" '").append(n.get(key).asText()).append('\'');
            }
        }
        return b.length() == 0 ? "" : b.append(')').toString();
    }

    private static String text(JsonNode n, String field, String at) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new DefinitionsException(at + ": '" + field + "' is missing");
        }
        if (!v.isTextual()) {
            throw new DefinitionsException(at + ": '" + field + "' must be a string");
        }
        return v.asText();
    }

    private static String optionalText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static boolean bool(JsonNode n, String field, boolean absent, String at) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.isBoolean()) {
            throw new DefinitionsException(at + ": '" + field + "' must be true or false");
        }
        return v.asBoolean();
    }

    private static List<String> tags(JsonNode v, String at) {
        List<String> tags = new ArrayList<>();
        if (v == null || v.isNull()) {
            return tags;
        }
        if (v.isTextual()) {
            for (String t : v.asText().split(",")) {
                if (!t.isBlank()) {
                    tags.add(t.trim());
                }
            }
            return tags;
        }
        if (!v.isArray()) {
            throw new DefinitionsException(at + ": 'tags' must be a list or a comma-separated string");
        }
        for (JsonNode t : v) {
            if (!t.isTextual()) {
                throw new DefinitionsException(at + ": every tag must be a string");
            }
            tags.add(t.asText());
        }
        return tags;
    }

    /** An object, or a list of [key, value] pairs (3.10's vhost limits and operator-policy definitions). */
    private static Map<String, Object> table(JsonNode n, String field, String at) {
        JsonNode v = n.get(field);
        Map<String, Object> out = new LinkedHashMap<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isObject()) {
            v.fields().forEachRemaining(e -> out.put(e.getKey(), value(e.getValue())));
            return out;
        }
        if (v.isArray()) {
            for (JsonNode pair : v) {
                if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isTextual()) {
                    throw new DefinitionsException(at + ": '" + field + "' must be an object or a list of [key, value]");
                }
                out.put(pair.get(0).asText(), value(pair.get(1)));
            }
            return out;
        }
        throw new DefinitionsException(at + ": '" + field + "' must be an object");
    }

    static Object value(JsonNode v) {
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
            List<Object> list = new ArrayList<>(v.size());
            v.forEach(e -> list.add(value(e)));
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        v.fields().forEachRemaining(e -> map.put(e.getKey(), value(e.getValue())));
        return map;
    }
}
