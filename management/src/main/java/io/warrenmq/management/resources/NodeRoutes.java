package io.warrenmq.management.resources;

import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.http.Router;
import io.warrenmq.management.resources.node.HealthResource;
import io.warrenmq.management.resources.node.MiscResource;
import io.warrenmq.management.resources.node.NodesResource;
import io.warrenmq.management.resources.node.OverviewResource;

/** Overview, nodes, health checks, extensions, feature flags, deprecated features (package {@code resources.node}). */
final class NodeRoutes {
    private NodeRoutes() {
    }

    static void register(Router r, ManagementBackend backend) {
        OverviewResource.register(r, backend);
        NodesResource.register(r, backend);
        HealthResource.register(r, backend);
        MiscResource.register(r, backend);
    }
}
