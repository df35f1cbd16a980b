package io.warrenmq.management.resources.node;

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
 * {@code GET /api/nodes}, {@code /api/nodes/{node}} and {@code /api/nodes/{node}/memory[/relative]}
 * (rabbit_mgmt_wm_nodes, _node, _node_memory), for monitoring users. Warren is a single node, so
 * the list has one entry and any other node name is 404.
 *
 * <p>Thread-safety: stateless; the figures are read fresh on every request.
 */
public final class NodesResource {
    private final ManagementBackend backend;

    private NodesResource(ManagementBackend backend) {
        this.backend = backend;
    }

    public static void register(Router r, ManagementBackend backend) {
        NodesResource n = new NodesResource(backend);
        r.get("/api/nodes", n::list);
        r.get("/api/nodes/{node}", n::one);
        r.get("/api/nodes/{node}/memory", req -> n.memory(req, false));
        r.get("/api/nodes/{node}/memory/relative", req -> n.memory(req, true));
    }

    private ApiResponse list(ApiRequest req) {
        req.principal().requireMonitor();
        return ApiResponse.list(List.of(node(req)), "name");
    }

    private ApiResponse one(ApiRequest req) {
        req.principal().requireMonitor();
        requireThisNode(req);
        return ApiResponse.ok(node(req));
    }

    private ApiResponse memory(ApiRequest req, boolean relative) {
        req.principal().requireMonitor();
        requireThisNode(req);
        Map<String, Object> absolute = backend.node().memoryBreakdown();
        return ApiResponse.ok(relative ? NodeMemoryJson.relative(absolute) : absolute);
    }

    private void requireThisNode(ApiRequest req) {
        if (!backend.node().nodeName().equals(req.var("node"))) {
            throw ApiException.notFound();
        }
    }

    /** rabbit_mgmt_format's node: the A.3 fields, with {@code memory} when {@code ?memory=true}. */
    private Map<String, Object> node(ApiRequest req) {
        NodeBackend node = backend.node();
        NodeBackend.Resources r = node.resources();
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("partitions", List.of());
        n.put("os_pid", r.osPid());
        n.put("fd_total", r.fdTotal());
        n.put("sockets_total", r.socketsTotal());
        n.put("mem_limit", r.memLimit());
        n.put("mem_alarm", r.memAlarm());
        n.put("disk_free_limit", r.diskFreeLimit());
        n.put("disk_free_alarm", r.diskFreeAlarm());
        n.put("proc_total", r.procTotal());
        n.put("rates_mode", "basic");
        n.put("uptime", r.uptimeMillis());
        n.put("run_queue", 0);
        n.put("processors", r.processors());
        n.put("exchange_types", NodeFacts.exchangeTypes());
        n.put("auth_mechanisms", NodeFacts.authMechanisms());
        n.put("applications", applications(node));
        n.put("contexts", NodeFacts.contexts(node, false));
        n.put("log_files", List.of());
        n.put("db_dir", "");
        n.put("config_files", List.of());
        n.put("net_ticktime", 60);
        n.put("enabled_plugins", List.of("rabbitmq_management", "rabbitmq_prometheus"));
        n.put("mem_calculation_strategy", "rss");
        n.put("ra_open_file_metrics", Map.of());
        n.put("name", node.nodeName());
        n.put("type", "disc");
        n.put("running", true);
        n.put("being_drained", false);
        n.put("mem_used", r.memUsed());
        n.put("mem_used_details", NodeFacts.noRate());
        n.put("fd_used", r.fdUsed());
        n.put("fd_used_details", NodeFacts.noRate());
        n.put("sockets_used", r.socketsUsed());
        n.put("sockets_used_details", NodeFacts.noRate());
        n.put("proc_used", r.procUsed());
        n.put("proc_used_details", NodeFacts.noRate());
        n.put("disk_free", r.diskFree());
        n.put("disk_free_details", NodeFacts.noRate());
        n.put("cluster_links", List.of());
        n.put("metrics_gc_queue_length", Map.of());
        if (req.queryFlag("memory")) {
            n.put("memory", node.memoryBreakdown().get("memory"));
        }
        return n;
    }

    /** The OTP applications RabbitMQ lists, the ones a client or tool looks for, with Warren's versions. */
    private static List<Map<String, Object>> applications(NodeBackend node) {
        List<Map<String, Object>> apps = new ArrayList<>();
        String v = node.compatibilityVersion();
        apps.add(app("rabbit", "RabbitMQ", v));
        apps.add(app("rabbit_common", "Modules shared by rabbitmq-server and rabbitmq-erlang-client", v));
        apps.add(app("rabbitmq_management", "RabbitMQ Management Console", v));
        apps.add(app("rabbitmq_management_agent", "RabbitMQ Management Agent", v));
        apps.add(app("rabbitmq_prometheus", "Prometheus metrics for RabbitMQ", v));
        apps.add(app("rabbitmq_web_dispatch", "RabbitMQ Web Dispatcher", v));
        apps.add(app("warren", "Warren, an AMQP 0-9-1 broker on the JVM", node.productVersion()));
        return apps;
    }

    private static Map<String, Object> app(String name, String description, String version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("description", description);
        m.put("version", version);
        return m;
    }
}
