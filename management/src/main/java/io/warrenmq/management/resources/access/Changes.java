package io.warrenmq.management.resources.access;

import io.warrenmq.auth.InvalidDefinitionException;
import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.http.ApiException;
import io.warrenmq.management.http.ApiResponse;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs a configuration change off the HTTP loop, on the backend's change executor: changes write
 * the definitions file, and the {@code mgmt-http} loop must never wait for a disk.
 *
 * <p>Stateless.
 */
final class Changes {
    private Changes() {
    }

    static ApiResponse run(ManagementBackend backend, Supplier<ApiResponse> change) {
        return ApiResponse.later(CompletableFuture.supplyAsync(() -> {
            try {
                return change.get();
            } catch (InvalidDefinitionException e) {
                throw ApiException.badRequest(e.getMessage()); // the auth module's validation, as AMQP's tools see it
            }
        }, backend.vhosts().changes()));
    }
}
