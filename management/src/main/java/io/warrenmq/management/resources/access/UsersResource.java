package io.warrenmq.management.resources.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.warrenmq.auth.PasswordHashing;
import io.warrenmq.auth.User;
import io.warrenmq.auth.UserDatabase;
import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.http.ApiException;
import io.warrenmq.management.http.ApiRequest;
import io.warrenmq.management.http.ApiResponse;
import io.warrenmq.management.http.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/users...} (rabbit_mgmt_wm_users, _user, _users_bulk_delete, _user_permissions):
 * administrators only. A PUT stores the user in the broker's {@link UserDatabase}, which makes it
 * durable and effective for the next AMQP login.
 *
 * <p>Stateless; changes run on the backend's change executor.
 */
public final class UsersResource {
    private final ManagementBackend backend;

    private UsersResource(ManagementBackend backend) {
        this.backend = backend;
    }

    public static void register(Router r, ManagementBackend backend) {
        UsersResource u = new UsersResource(backend);
        r.get("/api/users", u::list);
        r.get("/api/users/without-permissions", u::withoutPermissions);
        r.post("/api/users/bulk-delete", u::bulkDelete);
        r.get("/api/users/{user}", u::get);
        r.put("/api/users/{user}", u::put);
        r.delete("/api/users/{user}", u::delete);
        r.get("/api/users/{user}/permissions", u::permissions);
        r.get("/api/users/{user}/topic-permissions", u::topicPermissions);
    }

    private ApiResponse list(ApiRequest req) {
        req.principal().requireAdmin();
        List<Map<String, ?>> out = new ArrayList<>();
        backend.users().usersSorted().forEach(u -> out.add(AccessJson.user(u)));
        return ApiResponse.list(out, "name");
    }

    private ApiResponse withoutPermissions(ApiRequest req) {
        req.principal().requireAdmin();
        UserDatabase.Snapshot s = backend.users().snapshot();
        List<Map<String, ?>> out = new ArrayList<>();
        for (User u : backend.users().usersSorted()) {
            if (s.permissions().keySet().stream().noneMatch(k -> k.user().equals(u.name()))) {
                out.add(AccessJson.user(u));
            }
        }
        return ApiResponse.list(out, "name");
    }

    private ApiResponse get(ApiRequest req) {
        req.principal().requireAdmin();
        return ApiResponse.ok(AccessJson.user(existing(req.var("user"))));
    }

    private User existing(String name) {
        return backend.users().user(name).orElseThrow(ApiException::notFound);
    }

    private ApiResponse put(ApiRequest req) {
        req.principal().requireAdmin();
        String name = req.var("user");
        ObjectNode body = req.json();
        List<String> tags = tags(body);
        JsonNode password = body.get("password");
        JsonNode hash = body.get("password_hash");
        if (password != null && hash != null) {
            throw ApiException.badRequest("both_password_and_password_hash_are_provided");
        }
        String hashing = Bodies.string(body, "hashing_algorithm", null);
        PasswordHashing algorithm = hashing == null ? PasswordHashing.SHA256
                : PasswordHashing.fromRabbitName(hashing).orElseThrow(() -> ApiException.badRequest(
                        "unknown hashing_algorithm '" + hashing + "': rabbit_password_hashing_sha256, "
                                + "rabbit_password_hashing_sha512 or rabbit_password_hashing_md5"));
        String passwordHash;
        if (password != null) {
            if (!password.isTextual()) {
                throw ApiException.badRequest("password must be a string");
            }
            passwordHash = algorithm.hash(password.asText());
        } else if (hash != null) {
            if (!hash.isTextual() || !algorithm.isWellFormed(hash.asText())) {
                throw ApiException.badRequest("invalid password_hash for " + algorithm.rabbitName());
            }
            passwordHash = hash.asText();
        } else {
            passwordHash = ""; // RabbitMQ: neither given makes a passwordless user (clears an existing one's)
        }
        return Changes.run(backend, () -> {
            Optional<User> old = backend.users().user(name);
            User user = new User(name, passwordHash, algorithm, tags, old.map(User::limits).orElse(null));
            backend.users().putUser(user);
            return ApiResponse.putResult(old.isEmpty());
        });
    }

    /**
     * rabbit_auth_backend_internal:put_user: {@code tags} is required, or the pre-3.0 boolean
     * {@code administrator}; without either the PUT is 400 {@code tags_not_present}.
     */
    private static List<String> tags(ObjectNode body) {
        JsonNode tags = body.get("tags");
        if (tags != null && !tags.isNull()) {
            return Bodies.tags(tags);
        }
        JsonNode admin = body.get("administrator");
        if (admin == null || admin.isNull()) {
            throw ApiException.badRequest("tags_not_present");
        }
        boolean isAdmin = admin.isBoolean() ? admin.asBoolean() : "true".equals(admin.asText());
        return isAdmin ? List.of("administrator") : List.of();
    }

    private ApiResponse delete(ApiRequest req) {
        req.principal().requireAdmin();
        String name = req.var("user");
        return Changes.run(backend, () -> {
            if (!backend.users().deleteUser(name)) {
                throw ApiException.notFound();
            }
            return ApiResponse.noContent();
        });
    }

    private ApiResponse bulkDelete(ApiRequest req) {
        req.principal().requireAdmin();
        JsonNode users = Bodies.required(req.json(), "users");
        if (!users.isArray()) {
            throw ApiException.badRequest("users must be a list of user names");
        }
        List<String> names = new ArrayList<>();
        users.forEach(u -> names.add(u.asText()));
        return Changes.run(backend, () -> {
            names.forEach(backend.users()::deleteUser); // RabbitMQ ignores names that do not exist
            return ApiResponse.noContent();
        });
    }

    private ApiResponse permissions(ApiRequest req) {
        req.principal().requireAdmin();
        String user = existing(req.var("user")).name();
        List<Map<String, ?>> out = new ArrayList<>();
        backend.users().snapshot().permissions().forEach((k, p) -> {
            if (k.user().equals(user)) {
                out.add(AccessJson.permission(k.user(), k.vhost(), p));
            }
        });
        return ApiResponse.list(out, "vhost", "user");
    }

    private ApiResponse topicPermissions(ApiRequest req) {
        req.principal().requireAdmin();
        String user = existing(req.var("user")).name();
        List<Map<String, ?>> out = new ArrayList<>();
        backend.users().snapshot().topicPermissions().forEach((k, p) -> {
            if (k.user().equals(user)) {
                out.add(AccessJson.topicPermission(k.user(), k.vhost(), p));
            }
        });
        return ApiResponse.list(out, "vhost", "user");
    }
}
