package io.warrenmq.management.resources.activity;

import io.warrenmq.management.backend.ActivityBackend;
import io.warrenmq.management.backend.ChannelView;
import io.warrenmq.management.backend.ConnectionView;
import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.http.ApiRequest;
import io.warrenmq.management.http.ApiResponse;
import io.warrenmq.management.http.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/consumers} and {@code /api/consumers/{vhost}} (rabbit_mgmt_wm_consumers): every
 * consumer of the channels the user may see, gathered on the connections' loops.
 *
 * <p>Thread-safety: stateless.
 */
public final class ConsumersResource {
    private final ActivityBackend activity;
    private final ManagementBackend backend;

    private ConsumersResource(ManagementBackend backend) {
        this.backend = backend;
        this.activity = backend.activity();
    }

    public static void register(Router r, ManagementBackend backend) {
        ConsumersResource c = new ConsumersResource(backend);
        r.get("/api/consumers", req -> c.list(req, null));
        r.get("/api/consumers/{vhost}", req -> {
            Visibility.requireVhost(req.principal(), c.activity, req.var("vhost"));
            return c.list(req, req.var("vhost"));
        });
    }

    /** @param vhost the queues' vhost, or null for all */
    private ApiResponse list(ApiRequest req, String vhost) {
        List<ConnectionView> of = Visibility.filter(req.principal(), activity.connections(), ConnectionView::user);
        String node = backend.node().nodeName();
        return ApiResponse.later(activity.channels(of).thenApply(chs -> {
            List<Map<String, Object>> items = new ArrayList<>();
            for (ChannelView ch : chs) {
                for (ChannelView.ConsumerView cv : ch.consumers()) {
                    if (vhost == null || vhost.equals(cv.queueVhost())) {
                        items.add(ActivityJson.consumer(cv, ch, node));
                    }
                }
            }
            return ApiResponse.list(items, "consumer_tag");
        }));
    }
}
