package io.warrenmq.management.resources.warren;

import io.netty.handler.codec.http.HttpMethod;
import io.warrenmq.management.http.ApiRequest;
import io.warrenmq.management.http.ApiResponse;
import io.warrenmq.management.http.EventStream;
import io.warrenmq.management.http.Handler;
import io.warrenmq.management.http.Router;
import java.util.List;

/**
 * {@code GET /api/warren/events}: server-sent events, an {@code overview} event every 5 s whose
 * data is exactly what {@code GET /api/overview} answers this user with the same query (the stats
 * sampler's period: nothing changes in between). A stream lasts {@link #EVENTS_PER_STREAM}
 * events; the UI reconnects, and falls back to polling {@code /api/overview} when streaming fails.
 *
 * <p>Thread-safety: stateless; events are built on the management loop.
 */
final class EventsResource {
    static final long PERIOD_MILLIS = 5_000;
    static final int EVENTS_PER_STREAM = 12;

    private final Handler overview;

    /** @param router a router where {@code GET /api/overview} is already registered */
    EventsResource(Router router) {
        this.overview = router.resolve(HttpMethod.GET, List.of("api", "overview")).handler();
    }

    ApiResponse events(ApiRequest req) {
        return ApiResponse.ok(new EventStream("overview", PERIOD_MILLIS, EVENTS_PER_STREAM,
                () -> overview.handle(req).body()));
    }
}
