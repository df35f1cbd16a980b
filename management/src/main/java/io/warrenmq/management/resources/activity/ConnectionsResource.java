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
import java.util.Map;

/**
 * {@code /api/connections} and its sub-resources (rabbit_mgmt_wm_connections,
 * _connection, _connection_channels, _connection_user_name, and the vhost-scoped listing).
 *
 * <p>Thread-safety: stateless; runs on the management loop and reads only published snapshots.
 */
public final class ConnectionsResource {
    /** rabbit_mgmt_wm_connection's reason when the request sends no {@code X-Reason}. */
    static final String DEFAULT_REASON = "Closed via management plugin";

    private final ActivityBackend activity;
    private final ManagementBackend backend;

    private ConnectionsResource(ManagementBackend backend) {
        this.backend = backend;
        this.activity = backend.activity();
    }

    public static void register(Router r, ManagementBackend backend) {
        ConnectionsResource c = new ConnectionsResource(backend);
        r.get("/api/connections", c::list);
        r.get("/api/vhosts/{vhost}/connections", c::listInVhost);
        r.get("/api/connections/{connection}", c::get);
        r.delete("/api/connections/{connection}", c::delete);
        r.get("/api/connections/{connection}/channels", c::channels);
        r.get("/api/connections/username/{username}", c::getByUser);
        r.delete("/api/connections/username/{username}", c::deleteByUser);
    }

    private String node() {
        return backend.node().nodeName();
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

    private ApiResponse listing(List<ConnectionView> connections) {
        String node = node();
        List<Map<String, Object>> items = connections.stream().map(c -> ActivityJson.connection(c, node)).toList();
        return ApiResponse.list(items, "vhost", "name");
    }

    private ConnectionView find(ApiRequest req) {
        return activity.connection(req.var("connection")).orElseThrow(ApiException::notFound);
    }

    private ApiResponse get(ApiRequest req) {
        ConnectionView c = find(req);
        Visibility.requireRead(req.principal(), c.user());
        return ApiResponse.ok(ActivityJson.connection(c, node()));
    }

    private ApiResponse delete(ApiRequest req) {
        ConnectionView c = find(req);
        Visibility.requireClose(req.principal(), c.user());
        activity.closeConnection(c.name(), reason(req));
        return ApiResponse.noContent(); // gone already, or closing: RabbitMQ answers 204 either way
    }

    private ApiResponse channels(ApiRequest req) {
        ConnectionView c = find(req);
        Visibility.requireRead(req.principal(), c.user());
        String node = node();
        return ApiResponse.later(activity.channels(List.of(c)).thenApply(chs -> ApiResponse.list(
                chs.stream().map(ch -> ActivityJson.channel(ch, node, false)).toList(), "vhost", "name")));
    }

    private List<ConnectionView> ofUser(ApiRequest req) {
        String user = req.var("username");
        return activity.connections().stream().filter(c -> c.user().equals(user)).toList();
    }

    /** rabbit_mgmt_wm_connection_user_name: the user's connections; monitor or that user. */
    private ApiResponse getByUser(ApiRequest req) {
        Visibility.requireRead(req.principal(), req.var("username"));
        return listing(ofUser(req));
    }

    /** Closes every connection of the user (administrator or that user), 204. */
    private ApiResponse deleteByUser(ApiRequest req) {
        Visibility.requireClose(req.principal(), req.var("username"));
        String reason = reason(req);
        for (ConnectionView c : ofUser(req)) {
            activity.closeConnection(c.name(), reason);
        }
        return ApiResponse.noContent();
    }

    private static String reason(ApiRequest req) {
        String r = req.header("X-Reason");
        return r == null ? DEFAULT_REASON : r;
    }
}
