package io.warrenmq.management.resources.topology;

import io.warrenmq.management.backend.ExchangeView;
import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.backend.QueueView;
import io.warrenmq.management.backend.TopologyBackend;
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
 * The read-only listings {@code /api/queues[/{vhost}]} and {@code /api/exchanges[/{vhost}]}
 * (rabbit_mgmt_wm_queues / _exchanges): objects of the vhosts the user may access, paged and
 * sorted by {@link ApiResponse#list}.
 *
 * <p>Work in progress: single-object GET/PUT/DELETE, bindings, publish and get are not here yet.
 *
 * <p>Thread-safety: stateless.
 */
public final class TopologyListings {
    private final TopologyBackend topology;
    private final String node;

    private TopologyListings(ManagementBackend backend) {
        this.topology = backend.topology();
        this.node = backend.node().nodeName();
    }

    public static void register(Router r, ManagementBackend backend) {
        TopologyListings t = new TopologyListings(backend);
        r.get("/api/queues", req -> t.queues(req, null));
        r.get("/api/queues/{vhost}", req -> t.queues(req, t.vhost(req)));
        r.get("/api/exchanges", req -> t.exchanges(req, null));
        r.get("/api/exchanges/{vhost}", req -> t.exchanges(req, t.vhost(req)));
        r.get("/api/queues/{vhost}/{name}", req -> {
            String vhost = t.vhost(req);
            String name = req.var("name");
            // a linear scan for now: a by-name backend lookup belongs with the single-object endpoints
            for (QueueView q : t.topology.queues(vhost)) {
                if (q.name().equals(name)) {
                    return ApiResponse.ok(t.queue(q));
                }
            }
            throw ApiException.notFound();
        });
        r.get("/api/exchanges/{vhost}/{name}", req -> {
            String vhost = t.vhost(req);
            String name = req.var("name");
            for (ExchangeView x : t.topology.exchanges(vhost)) {
                if (x.name().equals(name)) {
                    return ApiResponse.ok(exchange(x));
                }
            }
            throw ApiException.notFound();
        });
    }

    /** A vhost-scoped listing: the vhost must exist (404) and the user have access to it (401). */
    private String vhost(ApiRequest req) {
        String vhost = req.var("vhost");
        if (!topology.vhostExists(vhost)) {
            throw ApiException.notFound();
        }
        req.principal().requireVhost(vhost);
        return vhost;
    }

    private ApiResponse queues(ApiRequest req, String vhost) {
        Principal p = req.principal();
        List<Map<String, Object>> items = new ArrayList<>();
        for (QueueView q : topology.queues(vhost)) {
            if (p.canAccessVhost(q.vhost())) {
                items.add(queue(q));
            }
        }
        return ApiResponse.list(items, "vhost", "name");
    }

    private ApiResponse exchanges(ApiRequest req, String vhost) {
        Principal p = req.principal();
        List<Map<String, Object>> items = new ArrayList<>();
        for (ExchangeView x : topology.exchanges(vhost)) {
            if (p.canAccessVhost(x.vhost())) {
                items.add(exchange(x));
            }
        }
        return ApiResponse.list(items, "vhost", "name");
    }

    private Map<String, Object> queue(QueueView q) {
        Map<String, Object> m = new LinkedHashMap<>();
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
        m.put("memory", q.memory());
        m.put("policy", q.policy());
        m.put("operator_policy", q.operatorPolicy());
        m.put("effective_policy_definition", q.effectivePolicyDefinition());
        m.put("head_message_timestamp", q.headMessageTimestamp());
        m.put("exclusive_consumer_tag", null);
        return m;
    }

    private static Map<String, Object> exchange(ExchangeView x) {
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
}
