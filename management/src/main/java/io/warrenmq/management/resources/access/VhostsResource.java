package io.warrenmq.management.resources.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.warrenmq.auth.Permissions;
import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.backend.QueueView;
import io.warrenmq.management.backend.VhostView;
import io.warrenmq.management.http.ApiException;
import io.warrenmq.management.http.ApiRequest;
import io.warrenmq.management.http.ApiResponse;
import io.warrenmq.management.http.Router;
import io.warrenmq.management.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/vhosts} and {@code /api/vhosts/{vhost}} (rabbit_mgmt_wm_vhosts, _vhost): any
 * management user lists the vhosts it may see (a monitor sees all); one vhost (GET, PUT,
 * DELETE) is for administrators, as in RabbitMQ. Creating a vhost grants its creator full
 * permissions in it (rabbit_vhost:maybe_grant_full_permissions); deleting one closes its
 * connections, deletes its queues and its permissions (the broker's {@code VirtualHosts.delete}).
 *
 * <p>Stateless; changes run on the backend's change executor.
 */
public final class VhostsResource {
    private final ManagementBackend backend;

    private VhostsResource(ManagementBackend backend) {
        this.backend = backend;
    }

    public static void register(Router r, ManagementBackend backend) {
        VhostsResource v = new VhostsResource(backend);
        r.get("/api/vhosts", v::list);
        r.get("/api/vhosts/{vhost}", v::get);
        r.put("/api/vhosts/{vhost}", v::put);
        r.delete("/api/vhosts/{vhost}", v::delete);
    }

    private Map<String, Object> format(VhostView v) {
        long ready = 0;
        long unacked = 0;
        for (QueueView q : backend.topology().queues(v.name())) {
            ready += q.messagesReady();
            unacked += q.messagesUnacknowledged();
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("description", v.description());
        metadata.put("tags", v.tags());
        metadata.put("default_queue_type", v.defaultQueueType());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("description", v.description());
        m.put("tags", v.tags());
        m.put("default_queue_type", v.defaultQueueType());
        m.put("metadata", metadata);
        m.put("tracing", false);
        m.put("cluster_state", Map.of(backend.node().nodeName(), "running"));
        m.put("messages", ready + unacked);
        m.put("messages_ready", ready);
        m.put("messages_unacknowledged", unacked);
        return m;
    }

    private ApiResponse list(ApiRequest req) {
        Principal p = req.principal();
        List<Map<String, ?>> out = new ArrayList<>();
        for (VhostView v : backend.vhosts().vhosts()) {
            if (Visibility.canSee(p, v.name())) {
                out.add(format(v));
            }
        }
        return ApiResponse.list(out, "name");
    }

    private ApiResponse get(ApiRequest req) {
        req.principal().requireAdmin(); // rabbit_mgmt_wm_vhost: every method of one vhost is admin-only
        String name = req.var("vhost");
        VhostView v = backend.vhosts().vhost(name);
        if (v == null) {
            throw ApiException.notFound();
        }
        return ApiResponse.ok(format(v));
    }

    private ApiResponse put(ApiRequest req) {
        req.principal().requireAdmin();
        String name = req.var("vhost");
        ObjectNode body = req.json();
        JsonNode tracing = body.get("tracing");
        if (tracing != null && tracing.asBoolean(false)) {
            throw ApiException.badRequest("Warren has no message tracing: tracing must be false");
        }
        // as rabbit_mgmt_wm_vhost: a missing description or tags is empty, not "unchanged"
        String description = Bodies.string(body, "description", "");
        List<String> tags = Bodies.tags(body.get("tags"));
        // "defaultqueuetype" is 3.11.0's name for it, which RabbitMQ still reads (rabbitmq-server#7734)
        String queueType = Bodies.string(body, "default_queue_type", Bodies.string(body, "defaultqueuetype", null));
        String actingUser = req.principal().name();
        return Changes.run(backend, () -> {
            VhostView old = backend.vhosts().vhost(name);
            // rabbit_vhost:put_vhost updates only description and tags of an existing vhost
            String type = old != null ? old.defaultQueueType() : queueType != null ? queueType : "classic";
            boolean created = backend.vhosts().putVhost(name, description, tags, type);
            if (created && backend.users().user(actingUser).isPresent()) {
                // rabbit_vhost:maybe_grant_full_permissions: the creator may use what it created
                backend.users().setPermissions(actingUser, name, Permissions.FULL);
            }
            return ApiResponse.putResult(created);
        });
    }

    private ApiResponse delete(ApiRequest req) {
        req.principal().requireAdmin();
        String name = req.var("vhost");
        return Changes.run(backend, () -> {
            if (!backend.vhosts().deleteVhost(name)) {
                throw ApiException.notFound();
            }
            return ApiResponse.noContent();
        });
    }
}
