package io.warrenmq.management.resources.access;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.warrenmq.auth.Permissions;
import io.warrenmq.auth.TopicPermission;
import io.warrenmq.auth.UserDatabase;
import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.http.ApiException;
import io.warrenmq.management.http.ApiRequest;
import io.warrenmq.management.http.ApiResponse;
import io.warrenmq.management.http.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Permissions and topic permissions (rabbit_mgmt_wm_permission(s), _permissions_vhost,
 * _topic_permission(s), _topic_permissions_vhost): administrators only. The regular expressions
 * are validated by the auth module ({@link Permissions#of}, {@link TopicPermission}), exactly as
 * a definitions import validates them; a PUT for an unknown user or vhost is 400
 * {@code vhost_or_user_not_found}, as in RabbitMQ.
 *
 * <p>Stateless; changes run on the backend's change executor.
 */
public final class PermissionsResource {
    private final ManagementBackend backend;

    private PermissionsResource(ManagementBackend backend) {
        this.backend = backend;
    }

    public static void register(Router r, ManagementBackend backend) {
        PermissionsResource p = new PermissionsResource(backend);
        r.get("/api/permissions", p::listAll);
        r.get("/api/permissions/{vhost}/{user}", p::get);
        r.put("/api/permissions/{vhost}/{user}", p::put);
        r.delete("/api/permissions/{vhost}/{user}", p::delete);
        r.get("/api/vhosts/{vhost}/permissions", p::listVhost);
        r.get("/api/topic-permissions", p::listAllTopic);
        r.get("/api/topic-permissions/{vhost}/{user}", p::getTopic);
        r.put("/api/topic-permissions/{vhost}/{user}", p::putTopic);
        r.delete("/api/topic-permissions/{vhost}/{user}", p::deleteTopic);
        r.get("/api/vhosts/{vhost}/topic-permissions", p::listVhostTopic);
    }

    private List<Map<String, ?>> permissions(Predicate<UserDatabase.VhostUser> filter) {
        List<Map<String, ?>> out = new ArrayList<>();
        backend.users().snapshot().permissions().forEach((k, p) -> {
            if (filter.test(k)) {
                out.add(AccessJson.permission(k.user(), k.vhost(), p));
            }
        });
        return out;
    }

    private List<Map<String, ?>> topicPermissions(Predicate<UserDatabase.TopicKey> filter) {
        List<Map<String, ?>> out = new ArrayList<>();
        backend.users().snapshot().topicPermissions().forEach((k, p) -> {
            if (filter.test(k)) {
                out.add(AccessJson.topicPermission(k.user(), k.vhost(), p));
            }
        });
        return out;
    }

    private ApiResponse listAll(ApiRequest req) {
        req.principal().requireAdmin();
        return ApiResponse.list(permissions(k -> true), "vhost", "user");
    }

    private ApiResponse listVhost(ApiRequest req) {
        req.principal().requireAdmin();
        String vhost = existingVhost(req);
        return ApiResponse.list(permissions(k -> k.vhost().equals(vhost)), "vhost", "user");
    }

    private String existingVhost(ApiRequest req) {
        String vhost = req.var("vhost");
        if (backend.vhosts().vhost(vhost) == null) {
            throw ApiException.notFound();
        }
        return vhost;
    }

    private ApiResponse get(ApiRequest req) {
        req.principal().requireAdmin();
        String vhost = req.var("vhost");
        String user = req.var("user");
        Permissions p = backend.users().snapshot().permissions(user, vhost);
        if (p == null || backend.vhosts().vhost(vhost) == null) {
            throw ApiException.notFound();
        }
        return ApiResponse.ok(AccessJson.permission(user, vhost, p));
    }

    private void requireUserAndVhost(String user, String vhost) {
        if (backend.users().user(user).isEmpty() || backend.vhosts().vhost(vhost) == null) {
            throw ApiException.badRequest("vhost_or_user_not_found");
        }
    }

    private ApiResponse put(ApiRequest req) {
        req.principal().requireAdmin();
        String vhost = req.var("vhost");
        String user = req.var("user");
        requireUserAndVhost(user, vhost);
        ObjectNode body = req.json();
        String configure = Bodies.requiredString(body, "configure");
        String write = Bodies.requiredString(body, "write");
        String read = Bodies.requiredString(body, "read");
        return Changes.run(backend, () -> {
            Permissions p = Permissions.of(configure, write, read); // the auth module's validation
            boolean created = backend.users().snapshot().permissions(user, vhost) == null;
            backend.users().setPermissions(user, vhost, p);
            return ApiResponse.putResult(created);
        });
    }

    private ApiResponse delete(ApiRequest req) {
        req.principal().requireAdmin();
        String vhost = req.var("vhost");
        String user = req.var("user");
        return Changes.run(backend, () -> {
            if (!backend.users().clearPermissions(user, vhost)) {
                throw ApiException.notFound();
            }
            return ApiResponse.noContent();
        });
    }

    private ApiResponse listAllTopic(ApiRequest req) {
        req.principal().requireAdmin();
        return ApiResponse.list(topicPermissions(k -> true), "vhost", "user");
    }

    private ApiResponse listVhostTopic(ApiRequest req) {
        req.principal().requireAdmin();
        String vhost = existingVhost(req);
        return ApiResponse.list(topicPermissions(k -> k.vhost().equals(vhost)), "vhost", "user");
    }

    /** RabbitMQ answers a list here: one entry per exchange the user has a topic permission on. */
    private ApiResponse getTopic(ApiRequest req) {
        req.principal().requireAdmin();
        String vhost = req.var("vhost");
        String user = req.var("user");
        List<Map<String, ?>> out = topicPermissions(k -> k.vhost().equals(vhost) && k.user().equals(user));
        if (out.isEmpty()) {
            throw ApiException.notFound();
        }
        return ApiResponse.list(out, "exchange");
    }

    private ApiResponse putTopic(ApiRequest req) {
        req.principal().requireAdmin();
        String vhost = req.var("vhost");
        String user = req.var("user");
        requireUserAndVhost(user, vhost);
        ObjectNode body = req.json();
        String exchange = Bodies.requiredString(body, "exchange");
        String write = Bodies.requiredString(body, "write");
        String read = Bodies.requiredString(body, "read");
        return Changes.run(backend, () -> {
            TopicPermission p = new TopicPermission(exchange, write, read); // validates the expressions
            boolean created = backend.users().snapshot().topicPermission(user, vhost, exchange) == null;
            backend.users().setTopicPermission(user, vhost, p);
            return ApiResponse.putResult(created);
        });
    }

    /** All of the user's topic permissions in the vhost, or one exchange's with {@code ?exchange=} (as RabbitMQ). */
    private ApiResponse deleteTopic(ApiRequest req) {
        req.principal().requireAdmin();
        String vhost = req.var("vhost");
        String user = req.var("user");
        String exchange = req.query("exchange");
        return Changes.run(backend, () -> {
            if (!backend.users().clearTopicPermissions(user, vhost, exchange)) {
                throw ApiException.notFound();
            }
            return ApiResponse.noContent();
        });
    }
}
