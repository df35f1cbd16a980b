package io.warrenmq.management.resources.topology;

import io.warrenmq.management.backend.BindingView;
import io.warrenmq.management.backend.ExchangeView;
import io.warrenmq.management.backend.QueueView;
import io.warrenmq.management.json.JsonFields;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Queues, exchanges and bindings as RabbitMQ's API writes them (rabbit_mgmt_format): the field
 * names and JSON types tools read (research notes A.3).
 *
 * <p>Stateless.
 */
final class TopologyJson {
    private TopologyJson() {
    }

    /** A queue's fields (rabbit_mgmt_format:queue), written into {@code f}. */
    static void queue(QueueView q, String node, JsonFields f) {
        f.field("name", q.name());
        f.field("vhost", q.vhost());
        f.field("type", q.type());
        f.field("durable", q.durable());
        f.field("auto_delete", q.autoDelete());
        f.field("exclusive", q.exclusive());
        f.field("arguments", q.arguments());
        f.field("node", node);
        f.field("state", q.state());
        f.field("consumers", q.consumers());
        f.field("messages", q.messages());
        f.field("messages_ready", q.messagesReady());
        f.field("messages_unacknowledged", q.messagesUnacknowledged());
        f.field("message_bytes", q.messageBytes());
        f.field("message_bytes_ready", q.messageBytesReady());
        f.field("message_bytes_unacknowledged", q.messageBytesUnacknowledged());
        f.field("messages_persistent", q.messagesPersistent());
        f.field("message_bytes_persistent", q.messageBytesPersistent());
        f.field("memory", q.memory());
        f.field("policy", q.policy());
        f.field("operator_policy", q.operatorPolicy());
        f.field("effective_policy_definition", q.effectivePolicyDefinition());
        f.field("head_message_timestamp", q.headMessageTimestamp());
        f.field("exclusive_consumer_tag", (Object) null);
    }

    static Map<String, Object> exchange(ExchangeView x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", x.name());
        m.put("vhost", x.vhost());
        m.put("type", x.type());
        m.put("durable", x.durable());
        m.put("auto_delete", x.autoDelete());
        m.put("internal", x.internal());
        m.put("arguments", x.arguments());
        m.put("policy", x.policy());
        m.put("user_who_performed_action", "rmq-internal");
        return m;
    }

    static Map<String, Object> binding(BindingView b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", b.source());
        m.put("vhost", b.vhost());
        m.put("destination", b.destination());
        m.put("destination_type", b.destinationType());
        m.put("routing_key", b.routingKey());
        m.put("arguments", b.arguments());
        m.put("properties_key", PropertiesKey.of(b.routingKey(), b.arguments()));
        return m;
    }
}
