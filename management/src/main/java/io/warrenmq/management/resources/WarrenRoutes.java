package io.warrenmq.management.resources;

import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.http.Router;
import io.warrenmq.management.resources.warren.WarrenResources;

/** Warren's own endpoints under {@code /api/warren/} (package {@code resources.warren}); RabbitMQ has none of them. */
final class WarrenRoutes {
    private WarrenRoutes() {
    }

    static void register(Router r, ManagementBackend backend) {
        WarrenResources.register(r, backend);
    }
}
