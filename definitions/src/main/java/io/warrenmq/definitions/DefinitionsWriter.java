package io.warrenmq.definitions;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Writes a definitions document in RabbitMQ's shape, streaming (no tree is built, so 100k queues
 * cost one generator). Field names and their order follow RabbitMQ's own export; vhost metadata is
 * written both at the top level and under {@code metadata}, as RabbitMQ 3.11+ does.
 *
 * <p>Thread-safety: stateless.
 */
public final class DefinitionsWriter {
    private static final JsonFactory FACTORY = new ObjectMapper().getFactory();

    private DefinitionsWriter() {
    }

    public static void write(RabbitDefinitions d, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            if (d.rabbitVersion() != null) {
                g.writeStringField("rabbit_version", d.rabbitVersion());
            }
            if (d.rabbitmqVersion() != null) {
                g.writeStringField("rabbitmq_version", d.rabbitmqVersion());
            }
            g.writeArrayFieldStart("users");
            for (RabbitDefinitions.User u : d.users()) {
                g.writeStartObject();
                g.writeStringField("name", u.name());
                g.writeStringField("password_hash", u.passwordHash());
                g.writeStringField("hashing_algorithm", u.hashingAlgorithm());
                strings(g, "tags", u.tags());
                object(g, "limits", u.limits());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("vhosts");
            for (RabbitDefinitions.Vhost v : d.vhosts()) {
                g.writeStartObject();
                g.writeStringField("name", v.name());
                g.writeStringField("description", v.description());
                strings(g, "tags", v.tags());
                g.writeStringField("default_queue_type", v.defaultQueueType().isEmpty() ? "classic" : v.defaultQueueType());
                g.writeObjectFieldStart("metadata");
                g.writeStringField("description", v.description());
                strings(g, "tags", v.tags());
                g.writeStringField("default_queue_type", v.defaultQueueType().isEmpty() ? "classic" : v.defaultQueueType());
                g.writeEndObject();
                object(g, "limits", v.limits());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("permissions");
            for (RabbitDefinitions.Permission p : d.permissions()) {
                g.writeStartObject();
                g.writeStringField("user", p.user());
                g.writeStringField("vhost", p.vhost());
                g.writeStringField("configure", p.configure());
                g.writeStringField("write", p.write());
                g.writeStringField("read", p.read());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("topic_permissions");
            for (RabbitDefinitions.TopicPermission p : d.topicPermissions()) {
                g.writeStartObject();
                g.writeStringField("user", p.user());
                g.writeStringField("vhost", p.vhost());
                g.writeStringField("exchange", p.exchange());
                g.writeStringField("write", p.write());
                g.writeStringField("read", p.read());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("parameters");
            for (RabbitDefinitions.Parameter p : d.parameters()) {
                g.writeStartObject();
                g.writeStringField("vhost", p.vhost());
                g.writeStringField("component", p.component());
                g.writeStringField("name", p.name());
                g.writeFieldName("value");
                value(g, p.value());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("global_parameters");
            for (RabbitDefinitions.GlobalParameter p : d.globalParameters()) {
                g.writeStartObject();
                g.writeStringField("name", p.name());
                g.writeFieldName("value");
                value(g, p.value());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("policies");
            for (RabbitDefinitions.Policy p : d.policies()) {
                g.writeStartObject();
                g.writeStringField("vhost", p.vhost());
                g.writeStringField("name", p.name());
                g.writeStringField("pattern", p.pattern());
                g.writeStringField("apply-to", p.applyTo());
                object(g, "definition", p.definition());
                g.writeNumberField("priority", p.priority());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("queues");
            for (RabbitDefinitions.Queue q : d.queues()) {
                g.writeStartObject();
                g.writeStringField("name", q.name());
                g.writeStringField("vhost", q.vhost());
                g.writeBooleanField("durable", q.durable());
                g.writeBooleanField("auto_delete", q.autoDelete());
                if (q.type() != null) {
                    g.writeStringField("type", q.type());
                }
                object(g, "arguments", q.arguments());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("exchanges");
            for (RabbitDefinitions.Exchange x : d.exchanges()) {
                g.writeStartObject();
                g.writeStringField("name", x.name());
                g.writeStringField("vhost", x.vhost());
                g.writeStringField("type", x.type());
                g.writeBooleanField("durable", x.durable());
                g.writeBooleanField("auto_delete", x.autoDelete());
                g.writeBooleanField("internal", x.internal());
                object(g, "arguments", x.arguments());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("bindings");
            for (RabbitDefinitions.Binding b : d.bindings()) {
                g.writeStartObject();
                g.writeStringField("source", b.source());
                g.writeStringField("vhost", b.vhost());
                g.writeStringField("destination", b.destination());
                g.writeStringField("destination_type", b.destinationType());
                g.writeStringField("routing_key", b.routingKey());
                object(g, "arguments", b.arguments());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static void object(JsonGenerator g, String field, Map<String, Object> map) throws IOException {
        g.writeFieldName(field);
        value(g, map);
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object e : l) {
                value(g, e);
            }
            g.writeEndArray();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Number n) {
            g.writeNumber(n.doubleValue());
        } else if (v instanceof byte[] bytes) {
            g.writeString(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        } else {
            g.writeString(v.toString());
        }
    }
}
