package io.warrenmq.management.resources;

import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.http.Router;
import io.warrenmq.management.resources.topology.TopologyResources;

/** Exchanges, queues, bindings, publish, get, purge, aliveness-test. */
final class TopologyRoutes {
    private TopologyRoutes() {
    }

    static void register(Router r, ManagementBackend backend) {
        TopologyResources.register(r, backend);
    }
}
