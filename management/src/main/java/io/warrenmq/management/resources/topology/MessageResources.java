package io.warrenmq.management.resources.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.warrenmq.management.backend.AckMode;
import io.warrenmq.management.backend.GotMessage;
import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.backend.OutgoingMessage;
import io.warrenmq.management.backend.TopologyBackend;
import io.warrenmq.management.http.ApiException;
import io.warrenmq.management.http.ApiRequest;
import io.warrenmq.management.http.ApiResponse;
import io.warrenmq.management.http.Router;
import io.warrenmq.management.json.JsonValues;
import io.warrenmq.management.resources.access.Bodies;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishing to an exchange and getting from a queue over HTTP (rabbit_mgmt_wm_exchange_publish,
 * rabbit_mgmt_wm_queue_get). Both bodies have RabbitMQ's required keys (400 {@code {key_missing,K}}
 * when one is absent). Publish answers {@code {"routed": bool}}: the message is sent mandatory in
 * confirm mode, so "routed" means a queue took it.
 *
 * <p>Thread-safety: stateless; runs on the management loop, answers when the broker has.
 */
final class MessageResources {
    private final TopologyBackend topology;

    private MessageResources(ManagementBackend backend) {
        this.topology = backend.topology();
    }

    static void register(Router r, ManagementBackend backend) {
        MessageResources m = new MessageResources(backend);
        r.post("/api/exchanges/{vhost}/{name}/publish", m::publish);
        r.post("/api/queues/{vhost}/{name}/get", m::get);
    }

    private ApiResponse publish(ApiRequest req) {
        String vhost = TopologyRequests.vhost(topology, req);
        String exchange = TopologyRequests.exchangeName(req.var("name"));
        ObjectNode body = req.json();
        String routingKey = Bodies.requiredString(body, "routing_key");
        JsonNode properties = Bodies.required(body, "properties");
        String payload = Bodies.requiredString(body, "payload");
        String encoding = Bodies.requiredString(body, "payload_encoding");
        if (!properties.isObject()) {
            throw ApiException.badRequest("properties must be an object");
        }
        if (topology.exchange(vhost, exchange) == null) {
            throw ApiException.notFound();
        }
        OutgoingMessage message = new OutgoingMessage(routingKey, decode(payload, encoding),
                JsonValues.toMap(properties));
        return TopologyRequests.answer(topology.publish(req.principal().name(), vhost, exchange, message),
                routed -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("routed", routed);
                    return ApiResponse.ok(m);
                });
    }

    private static byte[] decode(String payload, String encoding) {
        switch (encoding) {
            case "string":
                return payload.getBytes(StandardCharsets.UTF_8);
            case "base64":
                try {
                    return Base64.getMimeDecoder().decode(payload);
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest("payload is not valid base64");
                }
            default:
                throw ApiException.badRequest("payload_encoding must be \"string\" or \"base64\", not \"%s\"",
                        encoding);
        }
    }

    private ApiResponse get(ApiRequest req) {
        String vhost = TopologyRequests.vhost(topology, req);
        String queue = req.var("name");
        ObjectNode body = req.json();
        long count = Bodies.integer(Bodies.required(body, "count"), "count");
        AckMode mode = AckMode.parse(Bodies.requiredString(body, "ackmode"));
        String encoding = Bodies.requiredString(body, "encoding");
        JsonNode truncateNode = body.get("truncate");
        long truncate = truncateNode == null || truncateNode.isNull() || truncateNode.asText().isEmpty()
                ? -1 : Bodies.integer(truncateNode, "truncate");
        if (count < 0 || count > Integer.MAX_VALUE) {
            throw ApiException.badRequest("count must be a non-negative integer");
        }
        if (mode == null) {
            throw ApiException.badRequest("ackmode must be one of ack_requeue_true, ack_requeue_false, "
                    + "reject_requeue_true, reject_requeue_false");
        }
        if (!encoding.equals("auto") && !encoding.equals("base64")) {
            throw ApiException.badRequest("encoding must be \"auto\" or \"base64\", not \"%s\"", encoding);
        }
        if (topology.queue(vhost, queue) == null) {
            throw ApiException.notFound();
        }
        return TopologyRequests.answer(topology.get(req.principal().name(), vhost, queue, (int) count, mode),
                got -> {
                    List<Map<String, Object>> out = new ArrayList<>();
                    for (GotMessage g : got) {
                        out.add(message(g, encoding.equals("base64"), truncate));
                    }
                    return ApiResponse.ok(out);
                });
    }

    private static Map<String, Object> message(GotMessage g, boolean base64, long truncate) {
        byte[] payload = truncate >= 0 && truncate < g.payload().length
                ? Arrays.copyOf(g.payload(), (int) truncate) : g.payload();
        String text = base64 ? null : utf8(payload);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("payload_bytes", g.payload().length);
        m.put("redelivered", g.redelivered());
        m.put("exchange", g.exchange());
        m.put("routing_key", g.routingKey());
        m.put("message_count", g.messageCount());
        m.put("properties", g.properties());
        m.put("payload", text != null ? text : Base64.getEncoder().encodeToString(payload));
        m.put("payload_encoding", text != null ? "string" : "base64");
        return m;
    }

    /** The payload as text when it is valid UTF-8 (encoding "auto"), else null. */
    private static String utf8(byte[] payload) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
