package io.warrenmq.management.resources.topology;

import io.warrenmq.management.backend.BindingView;
import io.warrenmq.management.backend.ExchangeView;
import io.warrenmq.management.backend.QueueView;
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

    static Map<String, Object> queue(QueueView q, String node) {
        // sized for its ~30 keys with message_stats: listings build one per queue, 100k of them
        Map<String, Object> m = new LinkedHashMap<>(64);
        m.put("name", q.name());
        m.put("vhost", q.vhost());
        m.put("type", q.type());
        m.put("durable", q.durable());
        m.put("auto_delete", q.autoDelete());
        m.put("exclusive", q.exclusive());
        m.put("arguments", q.arguments());
        m.put("node", node);
        m.put("state", q.state());
        m.put("consumers", q.consumers());
        m.put("messages", q.messages());
        m.put("messages_ready", q.messagesReady());
        m.put("messages_unacknowledged", q.messagesUnacknowledged());
        m.put("message_bytes", q.messageBytes());
        m.put("message_bytes_ready", q.messageBytesReady());
        m.put("message_bytes_unacknowledged", q.messageBytesUnacknowledged());
        m.put("messages_persistent", q.messagesPersistent());
        m.put("message_bytes_persistent", q.messageBytesPersistent());
        m.put("memory", q.memory());
        m.put("policy", q.policy());
        m.put("operator_policy", q.operatorPolicy());
        m.put("effective_policy_definition", q.effectivePolicyDefinition());
        m.put("head_message_timestamp", q.headMessageTimestamp());
        m.put("exclusive_consumer_tag", null);
        return m;
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
