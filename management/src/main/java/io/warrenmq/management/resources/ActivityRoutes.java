package io.warrenmq.management.resources;

import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.http.Router;
import io.warrenmq.management.resources.activity.ChannelsResource;
import io.warrenmq.management.resources.activity.ConnectionsResource;
import io.warrenmq.management.resources.activity.ConsumersResource;

/** Connections, channels, consumers (package {@code resources.activity}). */
final class ActivityRoutes {
    private ActivityRoutes() {
    }

    static void register(Router r, ManagementBackend backend) {
        ConnectionsResource.register(r, backend);
        ChannelsResource.register(r, backend);
        ConsumersResource.register(r, backend);
    }
}
