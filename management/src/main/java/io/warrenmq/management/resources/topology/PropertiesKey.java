package io.warrenmq.management.resources.topology;

import io.warrenmq.management.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * A binding's {@code properties_key}: how the API names one binding among those between a source
 * and a destination (rabbit_mgmt_format:pack_binding_props). {@code "~"} for an empty routing key
 * without arguments; otherwise the routing key quoted as mochiweb's {@code quote_plus} does, with
 * {@code ~} also escaped, then, when there are arguments, {@code "~"} and a hash of the arguments.
 *
 * <p>RabbitMQ hashes the arguments with {@code erlang:phash2}, which cannot be reproduced outside
 * Erlang; Warren uses CRC-32 of the arguments' canonical JSON (keys sorted), base64url without
 * padding. Tools never compute the key themselves: they read it from a listing or from the
 * {@code Location} header, so only its stability within one broker matters (docs/management.md).
 *
 * <p>Stateless.
 */
final class PropertiesKey {
    private PropertiesKey() {
    }

    static String of(String routingKey, Map<String, Object> arguments) {
        boolean noArgs = arguments == null || arguments.isEmpty();
        if (routingKey.isEmpty() && noArgs) {
            return "~";
        }
        String key = quote(routingKey);
        return noArgs ? key : key + "~" + quote(hash(arguments));
    }

    /** mochiweb's quote_plus (alphanumerics and {@code -_.~} kept, space as +) then {@code ~} as %7E. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.') {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static String hash(Map<String, Object> arguments) {
        CRC32 crc = new CRC32();
        try {
            crc.update(Json.MAPPER.writeValueAsBytes(canonical(arguments)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("arguments are JSON values", e);
        }
        long v = crc.getValue();
        byte[] four = {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        return Base64.getUrlEncoder().withoutPadding().encodeToString(four);
    }

    @SuppressWarnings("unchecked")
    private static Object canonical(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> sorted = new TreeMap<>();
            ((Map<String, Object>) m).forEach((k, x) -> sorted.put(k, canonical(x)));
            return sorted;
        }
        if (v instanceof java.util.List<?> l) {
            return l.stream().map(PropertiesKey::canonical).toList();
        }
        if (v instanceof Number n && !(v instanceof Double) && !(v instanceof Float)
                && !(v instanceof java.math.BigDecimal)) {
            return n.longValue(); // 5 as Integer from one source and Long from another hash alike
        }
        return v;
    }
}
