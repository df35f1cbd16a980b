package io.warrenmq.management.resources;

import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.http.Router;
import io.warrenmq.management.resources.access.DefinitionsResource;
import io.warrenmq.management.resources.access.ParametersResource;
import io.warrenmq.management.resources.access.PermissionsResource;
import io.warrenmq.management.resources.access.PoliciesResource;
import io.warrenmq.management.resources.access.UserLimitsResource;
import io.warrenmq.management.resources.access.UsersResource;
import io.warrenmq.management.resources.access.VhostLimitsResource;
import io.warrenmq.management.resources.access.VhostsResource;

/** Users, permissions, topic permissions, user and vhost limits, vhosts, policies, parameters, definitions, whoami, cluster name. */
final class AccessRoutes {
    private AccessRoutes() {
    }

    static void register(Router r, ManagementBackend backend) {
        WhoamiResource.register(r);
        UsersResource.register(r, backend);
        PermissionsResource.register(r, backend);
        UserLimitsResource.register(r, backend);
        VhostsResource.register(r, backend);
        VhostLimitsResource.register(r, backend);
        PoliciesResource.register(r, backend);
        ParametersResource.register(r, backend);
        DefinitionsResource.register(r, backend);
    }
}
