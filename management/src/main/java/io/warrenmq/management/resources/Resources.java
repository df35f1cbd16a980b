package io.warrenmq.management.resources;

import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.http.Router;

/**
 * The API's routes, one group per concept; each group registers its resources' routes. The route
 * list is in docs/management.md.
 */
public final class Resources {
    private Resources() {
    }

    public static Router api(ManagementBackend backend) {
        Router r = new Router();
        TopologyRoutes.register(r, backend);
        AccessRoutes.register(r, backend);
        ActivityRoutes.register(r, backend);
        NodeRoutes.register(r, backend);
        WarrenRoutes.register(r, backend);
        return r;
    }
}
