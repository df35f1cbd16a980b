package io.warrenmq.management.resources.topology;

import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.http.Router;

/** Registers every topology resource: listings, queues, exchanges, bindings, messages, aliveness. */
public final class TopologyResources {
    private TopologyResources() {
    }

    public static void register(Router r, ManagementBackend backend) {
        TopologyListings.register(r, backend);
        QueueResources.register(r, backend);
        ExchangeResources.register(r, backend);
        BindingResources.register(r, backend);
        MessageResources.register(r, backend);
        AlivenessResource.register(r, backend);
    }
}
