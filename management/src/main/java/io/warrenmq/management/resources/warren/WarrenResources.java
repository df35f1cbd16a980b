package io.warrenmq.management.resources.warren;

import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.http.Router;

/** Registers the routing tester and the event stream (register after the overview: events reuse it). */
public final class WarrenResources {
    private WarrenResources() {
    }

    public static void register(Router r, ManagementBackend backend) {
        r.post("/api/warren/route", new RouteResource(backend)::route);
        r.get("/api/warren/events", new EventsResource(r)::events);
    }
}
