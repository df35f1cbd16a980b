package io.warrenmq.management.resources.topology;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.warrenmq.management.backend.AckMode;
import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.backend.OutgoingMessage;
import io.warrenmq.management.backend.QueueDeclaration;
import io.warrenmq.management.backend.TopologyBackend;
import io.warrenmq.management.http.ApiRequest;
import io.warrenmq.management.http.ApiResponse;
import io.warrenmq.management.http.Router;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /api/aliveness-test/{vhost}} (rabbit_mgmt_wm_aliveness_test, which Spring's
 * {@code @RabbitAvailable(management = true)}, Datadog and New Relic call): declares the queue
 * {@code aliveness-test}, publishes a message to it through the default exchange and gets it back,
 * all as the HTTP user. 200 {@code {"status":"ok"}}; 503 {@code {"status":"failed","reason":...}}
 * when the message does not come back. As in RabbitMQ the queue is left in place.
 *
 * <p>Thread-safety: stateless.
 */
final class AlivenessResource {
    static final String QUEUE = "aliveness-test";

    private AlivenessResource() {
    }

    static void register(Router r, ManagementBackend backend) {
        TopologyBackend topology = backend.topology();
        r.get("/api/aliveness-test/{vhost}", req -> test(topology, req));
    }

    private static ApiResponse test(TopologyBackend topology, ApiRequest req) {
        String vhost = TopologyRequests.vhost(topology, req);
        String user = req.principal().name();
        CompletionStage<ApiResponse> stage = topology
                .declareQueue(user, vhost, new QueueDeclaration(QUEUE, false, false, Map.of()))
                .thenCompose(v -> topology.publish(user, vhost, "", new OutgoingMessage(QUEUE,
                        "test_message".getBytes(StandardCharsets.UTF_8), Map.of())))
                .thenCompose(routed -> topology.get(user, vhost, QUEUE, 1, AckMode.ACK_REQUEUE_FALSE))
                .thenApply(got -> got.isEmpty() ? failed("aliveness-test queue is empty") : status("ok"));
        return TopologyRequests.answer(stage, a -> a);
    }

    private static ApiResponse status(String status) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        return ApiResponse.ok(m);
    }

    private static ApiResponse failed(String reason) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "failed");
        m.put("reason", reason);
        return ApiResponse.status(HttpResponseStatus.SERVICE_UNAVAILABLE, m);
    }
}
