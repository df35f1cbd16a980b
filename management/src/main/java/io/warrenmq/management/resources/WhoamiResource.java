package io.warrenmq.management.resources;

import io.warrenmq.management.http.ApiRequest;
import io.warrenmq.management.http.ApiResponse;
import io.warrenmq.management.http.Router;
import io.warrenmq.management.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/whoami} (rabbit_mgmt_wm_whoami): the authenticated user, with its tags as a list. */
final class WhoamiResource {
    private WhoamiResource() {
    }

    static void register(Router r) {
        r.get("/api/whoami", WhoamiResource::get);
    }

    private static ApiResponse get(ApiRequest req) {
        Principal p = req.principal();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", p.name());
        body.put("tags", p.tags());
        body.put("is_internal_user", true);
        return ApiResponse.ok(body);
    }
}
