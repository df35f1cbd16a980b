package io.warrenmq.testkit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.LongString;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One message taken from a queue by {@link WarrenBroker#awaitMessages}.
 *
 * @param exchange the exchange it was published to ({@code ""} for the default exchange)
 * @param routingKey the routing key it was published with
 * @param properties its basic properties as the Java client decoded them
 * @param headers its headers, empty when it had none; long strings as {@code String} (also inside
 *     lists and nested tables), everything else as the Java client decodes it
 * @param body its body
 * @param redelivered whether the broker had delivered it before
 */
public record ReceivedMessage(String exchange, String routingKey, AMQP.BasicProperties properties,
        Map<String, Object> headers, byte[] body, boolean redelivered) {

    static ReceivedMessage of(GetResponse r) {
        AMQP.BasicProperties p = r.getProps();
        Map<String, Object> headers = p.getHeaders() == null ? Map.of() : strings(p.getHeaders());
        return new ReceivedMessage(r.getEnvelope().getExchange(), r.getEnvelope().getRoutingKey(), p, headers,
                r.getBody(), r.getEnvelope().isRedeliver());
    }

    /** The body decoded as UTF-8. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** One header, or null. */
    public Object header(String name) {
        return headers.get(name);
    }

    private static Map<String, Object> strings(Map<String, Object> table) {
        Map<String, Object> out = new LinkedHashMap<>();
        table.forEach((k, v) -> out.put(k, string(v)));
        return java.util.Collections.unmodifiableMap(out);
    }

    @SuppressWarnings("unchecked")
    private static Object string(Object v) {
        if (v instanceof LongString s) {
            return s.toString();
        }
        if (v instanceof List<?> list) {
            return list.stream().map(ReceivedMessage::string).toList();
        }
        if (v instanceof Map<?, ?> map) {
            return strings((Map<String, Object>) map);
        }
        return v;
    }

    @Override
    public String toString() {
        return "message from exchange '" + exchange + "' with routing key '" + routingKey + "' (" + body.length
                + " bytes: " + preview() + ")";
    }

    private String preview() {
        String t = text();
        return t.length() > 60 ? t.substring(0, 60) + "…" : t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReceivedMessage m && exchange.equals(m.exchange) && routingKey.equals(m.routingKey)
                && properties.equals(m.properties) && headers.equals(m.headers) && Arrays.equals(body, m.body)
                && redelivered == m.redelivered;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(body) + routingKey.hashCode();
    }
}
