package io.warrenmq.management.resources.node;

import io.warrenmq.management.backend.ActivityBackend;
import io.warrenmq.management.backend.ConnectionView;
import io.warrenmq.management.backend.ExchangeView;
import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.backend.QueueView;
import io.warrenmq.management.http.ApiRequest;
import io.warrenmq.management.http.ApiResponse;
import io.warrenmq.management.http.Router;
import io.warrenmq.management.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/overview} (rabbit_mgmt_wm_overview), for any management user. A monitoring user
 * (or administrator) sees the node's totals, listeners and contexts; any other user sees the
 * totals of the vhosts it may access and of its own connections, and no node facts, as RabbitMQ's
 * {@code get_overview(User, Range)}.
 *
 * <p>Thread-safety: stateless; runs on the management loop (every figure is a snapshot read).
 */
public final class OverviewResource {
    /** RabbitMQ's sample retention policies, in seconds (rabbit_mgmt_agent's defaults). */
    static final Map<String, List<Integer>> SAMPLE_RETENTION = sampleRetention();

    private final ManagementBackend backend;

    private OverviewResource(ManagementBackend backend) {
        this.backend = backend;
    }

    public static void register(Router r, ManagementBackend backend) {
        r.get("/api/overview", new OverviewResource(backend)::get);
    }

    private static Map<String, List<Integer>> sampleRetention() {
        Map<String, List<Integer>> m = new LinkedHashMap<>();
        m.put("global", List.of(600, 3600, 28800, 86400));
        m.put("basic", List.of(600, 3600));
        m.put("detailed", List.of(600));
        return m;
    }

    private ApiResponse get(ApiRequest req) {
        Principal p = req.principal();
        boolean monitor = p.isMonitor();
        var node = backend.node();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("management_version", node.compatibilityVersion());
        o.put("rates_mode", "basic");
        o.put("sample_retention_policies", SAMPLE_RETENTION);
        o.put("exchange_types", NodeFacts.exchangeTypes());
        o.put("product_version", node.productVersion());
        o.put("product_name", "Warren");
        o.put("rabbitmq_version", node.compatibilityVersion());
        o.put("cluster_name", node.clusterName());
        o.put("erlang_version", NodeFacts.runtimeVersion());
        o.put("erlang_full_version", NodeFacts.runtimeFullVersion());
        o.put("release_series_support_status", "supported");
        o.put("disable_stats", false);
        o.put("is_op_policy_updating_enabled", true);
        o.put("enable_queue_totals", false);
        o.put("message_stats", backend.stats().overviewMessageStats(monitor, p::canAccessVhost, req.queryParameters()));
        o.put("churn_rates", backend.stats().churnRates(req.queryParameters()));

        List<QueueView> queues = backend.topology().queues(null);
        List<ExchangeView> exchanges = backend.topology().exchanges(null);
        if (!monitor) {
            queues = queues.stream().filter(q -> p.canAccessVhost(q.vhost())).toList();
            exchanges = exchanges.stream().filter(e -> p.canAccessVhost(e.vhost())).toList();
        }
        o.put("queue_totals", queueTotals(queues));
        o.put("object_totals", objectTotals(p, monitor, queues, exchanges));
        o.put("statistics_db_event_queue", 0);
        if (monitor) {
            o.put("node", node.nodeName());
            o.put("listeners", NodeFacts.listeners(node));
            o.put("contexts", NodeFacts.contexts(node, true));
        }
        return ApiResponse.ok(o);
    }

    private static Map<String, Object> queueTotals(List<QueueView> queues) {
        long ready = 0;
        long unacked = 0;
        for (QueueView q : queues) {
            ready += q.messagesReady();
            unacked += q.messagesUnacknowledged();
        }
        Map<String, Object> t = new LinkedHashMap<>();
        // why no rates: queue lengths are not sampled (RabbitMQ too gives only rates it sampled)
        t.put("messages", ready + unacked);
        t.put("messages_details", NodeFacts.noRate());
        t.put("messages_ready", ready);
        t.put("messages_ready_details", NodeFacts.noRate());
        t.put("messages_unacknowledged", unacked);
        t.put("messages_unacknowledged_details", NodeFacts.noRate());
        return t;
    }

    private Map<String, Object> objectTotals(Principal p, boolean monitor, List<QueueView> queues,
            List<ExchangeView> exchanges) {
        ActivityBackend activity = backend.activity();
        int connections;
        int channels;
        int consumers;
        if (monitor) {
            ActivityBackend.Totals t = activity.totals();
            connections = t.connections();
            channels = t.channels();
            consumers = t.consumers();
        } else {
            // a user sees its own connections and channels, and the consumers of the queues it may see
            connections = 0;
            channels = 0;
            for (ConnectionView c : activity.connections()) {
                if (p.name().equals(c.user())) {
                    connections++;
                    channels += c.channels();
                }
            }
            consumers = queues.stream().mapToInt(QueueView::consumers).sum();
        }
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("channels", channels);
        t.put("connections", connections);
        t.put("consumers", consumers);
        t.put("exchanges", exchanges.size());
        t.put("queues", queues.size());
        return t;
    }
}
