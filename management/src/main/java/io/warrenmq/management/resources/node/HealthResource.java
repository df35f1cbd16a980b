package io.warrenmq.management.resources.node;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.backend.NodeBackend;
import io.warrenmq.management.http.ApiException;
import io.warrenmq.management.http.ApiRequest;
import io.warrenmq.management.http.ApiResponse;
import io.warrenmq.management.http.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The health checks of RabbitMQ 3.13 ({@code /api/health/checks/*}, the HTTP counterparts of
 * {@code rabbitmq-diagnostics check_*}) and the deprecated {@code /api/healthchecks/node}: 200
 * {@code {"status":"ok"}} when healthy, 503 {@code {"status":"failed","reason":...}} when not.
 * Any management user may call them (rabbit_mgmt_util:is_authorized).
 *
 * <p>Warren is one node with classic queues only: the quorum and mirror-sync checks have nothing
 * to be critical about, and every vhost runs while the broker does.
 *
 * <p>Thread-safety: stateless.
 */
public final class HealthResource {
    private static final String PREFIX = "/api/health/checks/";
    private final ManagementBackend backend;

    private HealthResource(ManagementBackend backend) {
        this.backend = backend;
    }

    public static void register(Router r, ManagementBackend backend) {
        HealthResource h = new HealthResource(backend);
        r.get(PREFIX + "alarms", req -> h.alarms("There are alarms in effect in the cluster"));
        r.get(PREFIX + "local-alarms", req -> h.alarms("There are alarms in effect on the node"));
        r.get(PREFIX + "port-listener/{port}", h::portListener);
        r.get(PREFIX + "protocol-listener/{protocol}", h::protocolListener);
        r.get(PREFIX + "virtual-hosts", req -> ok());
        r.get(PREFIX + "node-is-quorum-critical", req -> ok());
        r.get(PREFIX + "node-is-mirror-sync-critical", req -> ok());
        r.get("/api/healthchecks/node", req -> ok());
        r.get("/api/healthchecks/node/{node}", h::nodeCheck);
    }

    private static ApiResponse ok() {
        return ApiResponse.ok(Map.of("status", "ok"));
    }

    private static ApiResponse failed(Map<String, Object> body) {
        return ApiResponse.status(HttpResponseStatus.SERVICE_UNAVAILABLE, body);
    }

    private ApiResponse alarms(String reason) {
        NodeBackend.Resources r = backend.node().resources();
        List<Map<String, Object>> alarms = new ArrayList<>();
        if (r.memAlarm()) {
            alarms.add(alarm("memory"));
        }
        if (r.diskFreeAlarm()) {
            alarms.add(alarm("disk"));
        }
        if (alarms.isEmpty()) {
            return ok();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "failed");
        body.put("reason", reason);
        body.put("alarms", alarms);
        return failed(body);
    }

    private Map<String, Object> alarm(String resource) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", backend.node().nodeName());
        m.put("resource", resource);
        return m;
    }

    private ApiResponse portListener(ApiRequest req) {
        int port;
        try {
            port = Integer.parseInt(req.var("port"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Invalid port");
        }
        List<Integer> ports = backend.node().listeners().stream().map(NodeBackend.Listener::port).toList();
        if (ports.contains(port)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "ok");
            body.put("port", port);
            return ApiResponse.ok(body);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "failed");
        body.put("reason", "No active listener");
        body.put("missing", port);
        body.put("ports", ports);
        return failed(body);
    }

    private ApiResponse protocolListener(ApiRequest req) {
        String wanted = normalise(req.var("protocol"));
        List<String> protocols = backend.node().listeners().stream().map(NodeBackend.Listener::protocol).distinct()
                .toList();
        if (protocols.contains(wanted)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "ok");
            body.put("protocol", wanted);
            return ApiResponse.ok(body);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "failed");
        body.put("reason", "No active listener");
        body.put("missing", wanted);
        body.put("protocols", protocols);
        return failed(body);
    }

    /** rabbit_networking's protocol aliases: amqp091/amqp0-9-1 are amqp, amqps is amqp/ssl. */
    static String normalise(String protocol) {
        String p = protocol.toLowerCase(java.util.Locale.ROOT);
        return switch (p) {
            case "amqp091", "amqp0-9-1", "amqp0.9.1" -> "amqp";
            case "amqps", "amqp091/ssl", "amqp0-9-1/ssl" -> "amqp/ssl";
            case "prometheus" -> "http/prometheus";
            default -> p;
        };
    }

    private ApiResponse nodeCheck(ApiRequest req) {
        if (!backend.node().nodeName().equals(req.var("node"))) {
            throw ApiException.notFound();
        }
        return ok();
    }
}
