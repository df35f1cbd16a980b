package io.warrenmq.management.resources.access;

import io.warrenmq.auth.User;
import io.warrenmq.auth.UserLimits;
import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.http.ApiException;
import io.warrenmq.management.http.ApiRequest;
import io.warrenmq.management.http.ApiResponse;
import io.warrenmq.management.http.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/user-limits} (rabbit_mgmt_wm_user_limits, _user_limit): a user's max-connections
 * and max-channels, stored on the user in the {@link io.warrenmq.auth.UserDatabase} (where the
 * AMQP side enforces them). Administrators only. A listing has an entry
 * {@code {"user", "value": {...}}} per user with a limit set.
 *
 * <p>Stateless; changes run on the backend's change executor.
 */
public final class UserLimitsResource {
    private final ManagementBackend backend;

    private UserLimitsResource(ManagementBackend backend) {
        this.backend = backend;
    }

    public static void register(Router r, ManagementBackend backend) {
        UserLimitsResource l = new UserLimitsResource(backend);
        r.get("/api/user-limits", l::listAll);
        r.get("/api/user-limits/{user}", l::listOne);
        r.put("/api/user-limits/{user}/{name}", l::put);
        r.delete("/api/user-limits/{user}/{name}", l::delete);
    }

    private List<Map<String, ?>> entries(String onlyUser) {
        List<Map<String, ?>> out = new ArrayList<>();
        for (User u : backend.users().usersSorted()) {
            Map<String, Object> value = AccessJson.limits(u.limits());
            if ((onlyUser == null || onlyUser.equals(u.name())) && !value.isEmpty()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("user", u.name());
                m.put("value", value);
                out.add(m);
            }
        }
        return out;
    }

    private ApiResponse listAll(ApiRequest req) {
        req.principal().requireAdmin();
        return ApiResponse.list(entries(null), "user");
    }

    private ApiResponse listOne(ApiRequest req) {
        req.principal().requireAdmin();
        String user = req.var("user");
        if (backend.users().user(user).isEmpty()) {
            throw ApiException.notFound();
        }
        return ApiResponse.list(entries(user), "user");
    }

    private static UserLimits with(UserLimits l, String name, int value) {
        return switch (name) {
            case "max-connections" -> new UserLimits(value, l.maxChannels());
            case "max-channels" -> new UserLimits(l.maxConnections(), value);
            default -> throw ApiException.badRequest("Validation failed: '" + name
                    + "' is not a recognised user limit (max-connections, max-channels)");
        };
    }

    private ApiResponse put(ApiRequest req) {
        req.principal().requireAdmin();
        String user = req.var("user");
        String name = req.var("name");
        long value = Bodies.integer(Bodies.required(req.json(), "value"), "value");
        if (value > Integer.MAX_VALUE) {
            throw ApiException.badRequest("Validation failed: " + name + " " + value + " is too large");
        }
        int v = value < 0 ? -1 : (int) value; // negative: no limit, as in RabbitMQ
        with(UserLimits.NONE, name, v); // refuses an unknown limit before going off the loop
        return Changes.run(backend, () -> {
            User u = backend.users().user(user).orElseThrow(() -> ApiException.notFound("user_not_found"));
            backend.users().putUser(u.withLimits(with(u.limits(), name, v)));
            return ApiResponse.noContent();
        });
    }

    private ApiResponse delete(ApiRequest req) {
        req.principal().requireAdmin();
        String user = req.var("user");
        String name = req.var("name");
        with(UserLimits.NONE, name, -1);
        return Changes.run(backend, () -> {
            User u = backend.users().user(user).orElseThrow(ApiException::notFound);
            backend.users().putUser(u.withLimits(with(u.limits(), name, -1)));
            return ApiResponse.noContent();
        });
    }
}
