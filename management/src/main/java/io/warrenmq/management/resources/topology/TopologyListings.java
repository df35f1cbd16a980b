package io.warrenmq.management.resources.topology;

import io.warrenmq.management.backend.ExchangeView;
import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.backend.QueueView;
import io.warrenmq.management.backend.StatsBackend;
import io.warrenmq.management.backend.TopologyBackend;
import io.warrenmq.management.http.ApiException;
import io.warrenmq.management.http.ApiRequest;
import io.warrenmq.management.http.ApiResponse;
import io.warrenmq.management.http.Router;
import io.warrenmq.management.json.ListItem;
import io.warrenmq.management.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The read-only listings {@code /api/queues[/{vhost}]} and {@code /api/exchanges[/{vhost}]}
 * (rabbit_mgmt_wm_queues / _exchanges): objects of the vhosts the user may access, paged and
 * sorted by {@link ApiResponse#list}.
 *
 * <p>Thread-safety: stateless.
 */
final class TopologyListings {
    private final TopologyBackend topology;
    private final StatsBackend stats;
    private final String node;

    private TopologyListings(ManagementBackend backend) {
        this.topology = backend.topology();
        this.stats = backend.stats();
        this.node = backend.node().nodeName();
    }

    static void register(Router r, ManagementBackend backend) {
        TopologyListings t = new TopologyListings(backend);
        r.get("/api/queues", req -> t.queues(req, null));
        r.get("/api/queues/{vhost}", req -> t.queues(req, t.vhost(req)));
        r.get("/api/exchanges", req -> t.exchanges(req, null));
        r.get("/api/exchanges/{vhost}", req -> t.exchanges(req, t.vhost(req)));
        r.get("/api/queues/{vhost}/{name}", req -> {
            QueueView q = t.topology.queue(t.vhost(req), req.var("name"));
            if (q == null) {
                throw ApiException.notFound();
            }
            return ApiResponse.ok(t.queue(q, req));
        });
        r.get("/api/exchanges/{vhost}/{name}", req -> {
            ExchangeView x = t.topology.exchange(t.vhost(req), TopologyRequests.exchangeName(req.var("name")));
            if (x == null) {
                throw ApiException.notFound();
            }
            return ApiResponse.ok(t.exchange(x, req));
        });
    }

    /** A queue's JSON with its sampled figures: message_stats (once it saw traffic) and length rates. */
    private Map<String, Object> queue(QueueView q, ApiRequest req) {
        Map<String, Object> m = TopologyJson.queue(q, node);
        m.putAll(stats.queueFigures(q.vhost(), q.name(), req.queryParameters()));
        return m;
    }

    /** An exchange's JSON with its message_stats once it saw traffic (RabbitMQ omits the key before). */
    private Map<String, Object> exchange(ExchangeView x, ApiRequest req) {
        Map<String, Object> m = TopologyJson.exchange(x);
        Map<String, Object> ms = stats.exchangeMessageStats(x.vhost(), x.name(), req.queryParameters());
        if (!ms.isEmpty()) {
            m.put("message_stats", ms);
        }
        return m;
    }

    /** A vhost-scoped listing: the vhost must exist (404) and the user have access to it (401). */
    private String vhost(ApiRequest req) {
        return TopologyRequests.vhost(topology, req);
    }

    private ApiResponse queues(ApiRequest req, String vhost) {
        Principal p = req.principal();
        List<ListItem> items = new ArrayList<>();
        for (QueueView q : topology.queues(vhost)) {
            if (p.canAccessVhost(q.vhost())) {
                items.add(ListItem.named(q.vhost(), q.name(), () -> queue(q, req)));
            }
        }
        return ApiResponse.lazyList(items, "vhost", "name");
    }

    private ApiResponse exchanges(ApiRequest req, String vhost) {
        Principal p = req.principal();
        List<ListItem> items = new ArrayList<>();
        for (ExchangeView x : topology.exchanges(vhost)) {
            if (p.canAccessVhost(x.vhost())) {
                items.add(ListItem.named(x.vhost(), x.name(), () -> exchange(x, req)));
            }
        }
        return ApiResponse.lazyList(items, "vhost", "name");
    }
}
