package io.warrenmq.management.resources.topology;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.backend.QueueDeclaration;
import io.warrenmq.management.backend.TopologyBackend;
import io.warrenmq.management.http.ApiException;
import io.warrenmq.management.http.ApiRequest;
import io.warrenmq.management.http.ApiResponse;
import io.warrenmq.management.http.Router;
import java.util.List;
import java.util.Map;

/**
 * Changing one queue (rabbit_mgmt_wm_queue, _queue_purge, _queue_actions, _queue_bindings):
 * PUT declares it, DELETE deletes it ({@code ?if-unused=true}, {@code ?if-empty=true}),
 * DELETE .../contents purges it. Each is the AMQP method, sent as the HTTP user, so the broker's
 * permission checks, validation and equivalence rules answer exactly as they answer a client.
 *
 * <p>Thread-safety: stateless; runs on the management loop, answers when the broker has.
 */
final class QueueResources {
    private final TopologyBackend topology;

    private QueueResources(ManagementBackend backend) {
        this.topology = backend.topology();
    }

    static void register(Router r, ManagementBackend backend) {
        QueueResources q = new QueueResources(backend);
        r.put("/api/queues/{vhost}/{name}", q::declare);
        r.delete("/api/queues/{vhost}/{name}", q::delete);
        r.delete("/api/queues/{vhost}/{name}/contents", q::purge);
        r.post("/api/queues/{vhost}/{name}/actions", q::action);
        r.get("/api/queues/{vhost}/{name}/bindings", q::bindings);
    }

    private ApiResponse declare(ApiRequest req) {
        String vhost = TopologyRequests.vhost(topology, req);
        String name = req.var("name");
        ObjectNode body = req.json();
        QueueDeclaration d = new QueueDeclaration(name, TopologyRequests.bool(body, "durable", false),
                TopologyRequests.bool(body, "auto_delete", false), TopologyRequests.arguments(body));
        boolean existed = topology.queue(vhost, name) != null;
        return TopologyRequests.answer(topology.declareQueue(req.principal().name(), vhost, d),
                v -> ApiResponse.putResult(!existed));
    }

    /** The queue named by the path, which must exist: cowboy_rest answers 404 before any delete. */
    private String existing(ApiRequest req, String vhost) {
        String name = req.var("name");
        if (topology.queue(vhost, name) == null) {
            throw ApiException.notFound();
        }
        return name;
    }

    private ApiResponse delete(ApiRequest req) {
        String vhost = TopologyRequests.vhost(topology, req);
        String name = existing(req, vhost);
        return TopologyRequests.answer(topology.deleteQueue(req.principal().name(), vhost, name,
                req.queryFlag("if-unused"), req.queryFlag("if-empty")), n -> ApiResponse.noContent());
    }

    private ApiResponse purge(ApiRequest req) {
        String vhost = TopologyRequests.vhost(topology, req);
        String name = existing(req, vhost);
        return TopologyRequests.answer(topology.purgeQueue(req.principal().name(), vhost, name),
                n -> ApiResponse.noContent());
    }

    /**
     * sync and cancel_sync act on classic mirrored queues, which Warren does not have: as RabbitMQ
     * on an unmirrored queue, they are accepted and do nothing.
     */
    private ApiResponse action(ApiRequest req) {
        String vhost = TopologyRequests.vhost(topology, req);
        existing(req, vhost);
        String action = req.json().path("action").asText("");
        if (!action.equals("sync") && !action.equals("cancel_sync")) {
            throw ApiException.badRequest("Unknown action: " + action);
        }
        return ApiResponse.noContent();
    }

    private ApiResponse bindings(ApiRequest req) {
        String vhost = TopologyRequests.vhost(topology, req);
        String name = existing(req, vhost);
        List<Map<String, Object>> items = topology.bindings(vhost).stream()
                .filter(b -> b.destinationType().equals("queue") && b.destination().equals(name))
                .map(TopologyJson::binding).toList();
        return ApiResponse.list(items);
    }
}
