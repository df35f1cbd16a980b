package io.warrenmq.management.resources.access;

import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.backend.VhostView;
import io.warrenmq.management.http.ApiException;
import io.warrenmq.management.http.ApiRequest;
import io.warrenmq.management.http.ApiResponse;
import io.warrenmq.management.http.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/vhost-limits} (rabbit_mgmt_wm_limits, _limit): max-connections and max-queues per
 * vhost, set through the broker's {@code VirtualHosts.setLimits} (what the AMQP side enforces).
 * Lists show the vhosts the user may access; PUT and DELETE are for administrators.
 *
 * <p>Stateless; changes run on the backend's change executor.
 */
public final class VhostLimitsResource {
    private final ManagementBackend backend;

    private VhostLimitsResource(ManagementBackend backend) {
        this.backend = backend;
    }

    public static void register(Router r, ManagementBackend backend) {
        VhostLimitsResource l = new VhostLimitsResource(backend);
        r.get("/api/vhost-limits", l::listAll);
        r.get("/api/vhost-limits/{vhost}", l::listOne);
        r.put("/api/vhost-limits/{vhost}/{name}", l::put);
        r.delete("/api/vhost-limits/{vhost}/{name}", l::delete);
    }

    private void add(List<Map<String, ?>> out, String vhost) {
        Map<String, Long> value = backend.vhosts().vhostLimits(vhost);
        if (value != null && !value.isEmpty()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("vhost", vhost);
            m.put("value", value);
            out.add(m);
        }
    }

    private ApiResponse listAll(ApiRequest req) {
        List<Map<String, ?>> out = new ArrayList<>();
        for (VhostView v : backend.vhosts().vhosts()) {
            if (Visibility.canSee(req.principal(), v.name())) {
                add(out, v.name());
            }
        }
        return ApiResponse.list(out, "vhost");
    }

    private ApiResponse listOne(ApiRequest req) {
        String vhost = req.var("vhost");
        req.principal().requireVhost(vhost);
        if (backend.vhosts().vhost(vhost) == null) {
            throw ApiException.notFound();
        }
        List<Map<String, ?>> out = new ArrayList<>();
        add(out, vhost);
        return ApiResponse.list(out, "vhost");
    }

    private ApiResponse put(ApiRequest req) {
        req.principal().requireAdmin();
        String vhost = req.var("vhost");
        String name = req.var("name");
        long value = Bodies.integer(Bodies.required(req.json(), "value"), "value");
        return Changes.run(backend, () -> {
            backend.vhosts().setVhostLimit(vhost, name, value);
            return ApiResponse.noContent();
        });
    }

    private ApiResponse delete(ApiRequest req) {
        req.principal().requireAdmin();
        String vhost = req.var("vhost");
        String name = req.var("name");
        return Changes.run(backend, () -> {
            if (!backend.vhosts().clearVhostLimit(vhost, name)) {
                throw ApiException.notFound();
            }
            return ApiResponse.noContent();
        });
    }
}
