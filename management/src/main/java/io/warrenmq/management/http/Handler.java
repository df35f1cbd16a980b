package io.warrenmq.management.http;

/** What a route runs. Runs on the management server's event loop: it must not block. */
@FunctionalInterface
public interface Handler {
    ApiResponse handle(ApiRequest request);
}
