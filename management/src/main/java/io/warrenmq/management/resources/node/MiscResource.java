package io.warrenmq.management.resources.node;

import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.http.ApiException;
import io.warrenmq.management.http.ApiResponse;
import io.warrenmq.management.http.Router;
import java.util.List;
import java.util.Map;

/**
 * The small read-only resources the UI and tools probe: {@code /api/extensions} (UI plugins: none),
 * {@code /api/feature-flags} (Warren has none to report, so enabling one is refused as RabbitMQ
 * refuses an unknown flag), {@code /api/deprecated-features[/used]} (none either),
 * and {@code /api/auth} (the UI's login settings: Basic auth only, no OAuth 2).
 *
 * <p>Tags as RabbitMQ: extensions and auth for any management user, feature flags and deprecated
 * features for administrators.
 *
 * <p>Thread-safety: stateless.
 */
public final class MiscResource {
    private MiscResource() {
    }

    public static void register(Router r, ManagementBackend backend) {
        r.get("/api/extensions", req -> ApiResponse.ok(List.of()));
        r.get("/api/feature-flags", req -> {
            req.principal().requireAdmin();
            return ApiResponse.list(List.of(), "name");
        });
        // rabbit_mgmt_wm_feature_flag_enable: an unknown flag is a 400 whose reason is the error term
        r.put("/api/feature-flags/{name}/enable", req -> {
            req.principal().requireAdmin();
            throw ApiException.badRequest("unsupported");
        });
        r.get("/api/deprecated-features", req -> {
            req.principal().requireAdmin();
            return ApiResponse.list(List.of(), "name");
        });
        r.get("/api/deprecated-features/used", req -> {
            req.principal().requireAdmin();
            return ApiResponse.list(List.of(), "name");
        });
        r.get("/api/auth", req -> ApiResponse.ok(Map.of("oauth_enabled", false)));
    }
}
