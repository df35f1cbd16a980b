package io.warrenmq.management.resources.activity;

import io.warrenmq.management.backend.ActivityBackend;
import io.warrenmq.management.backend.ChannelView;
import io.warrenmq.management.backend.ConnectionView;
import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.http.ApiException;
import io.warrenmq.management.http.ApiRequest;
import io.warrenmq.management.http.ApiResponse;
import io.warrenmq.management.http.Router;
import java.util.List;
import java.util.Optional;

/**
 * {@code /api/channels}, {@code /api/vhosts/{vhost}/channels} and {@code /api/channels/{channel}}
 * (rabbit_mgmt_wm_channels, _channels_vhost, _channel). Channel state is owned by the connections'
 * loops, so every answer is gathered there and sent {@link ApiResponse#later later}.
 *
 * <p>Thread-safety: stateless.
 */
public final class ChannelsResource {
    private final ActivityBackend activity;
    private final ManagementBackend backend;

    private ChannelsResource(ManagementBackend backend) {
        this.backend = backend;
        this.activity = backend.activity();
    }

    public static void register(Router r, ManagementBackend backend) {
        ChannelsResource c = new ChannelsResource(backend);
        r.get("/api/channels", c::list);
        r.get("/api/vhosts/{vhost}/channels", c::listInVhost);
        r.get("/api/channels/{channel}", c::get);
    }

    private ApiResponse list(ApiRequest req) {
        return listing(Visibility.filter(req.principal(), activity.connections(), ConnectionView::user));
    }

    private ApiResponse listInVhost(ApiRequest req) {
        String vhost = req.var("vhost");
        Visibility.requireVhost(req.principal(), activity, vhost);
        List<ConnectionView> in = activity.connections().stream().filter(c -> c.vhost().equals(vhost)).toList();
        return listing(Visibility.filter(req.principal(), in, ConnectionView::user));
    }

    private ApiResponse listing(List<ConnectionView> of) {
        String node = backend.node().nodeName();
        return ApiResponse.later(activity.channels(of).thenApply(chs -> ApiResponse.list(
                chs.stream().map(ch -> ActivityJson.channel(ch, node, false)).toList(), "vhost", "name")));
    }

    /**
     * One channel by its name, {@code "<connection name> (N)"}: the connection is found by the
     * name before the last " (", then the channel on its loop.
     */
    private ApiResponse get(ApiRequest req) {
        String name = req.var("channel");
        int open = name.lastIndexOf(" (");
        if (open < 0 || !name.endsWith(")")) {
            throw ApiException.notFound();
        }
        int number;
        try {
            number = Integer.parseInt(name.substring(open + 2, name.length() - 1));
        } catch (NumberFormatException e) {
            throw ApiException.notFound();
        }
        ConnectionView c = activity.connection(name.substring(0, open)).orElseThrow(ApiException::notFound);
        Visibility.requireRead(req.principal(), c.user());
        String node = backend.node().nodeName();
        return ApiResponse.later(activity.channels(List.of(c)).thenApply(chs -> {
            Optional<ChannelView> ch = chs.stream().filter(x -> x.number() == number).findFirst();
            return ApiResponse.ok(ActivityJson.channel(ch.orElseThrow(ApiException::notFound), node, true));
        }));
    }
}
