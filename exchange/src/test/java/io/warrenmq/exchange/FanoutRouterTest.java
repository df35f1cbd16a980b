package io.warrenmq.exchange;

import static io.warrenmq.exchange.Routes.route;
import static io.warrenmq.exchange.Routes.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FanoutRouterTest {

    private final FanoutRouter<String> router = new FanoutRouter<>();

    @Test
    void routesToEveryDestinationIgnoringRoutingKey() {
        router.bind(new Binding<>("q1", ""));
        router.bind(new Binding<>("q2", "ignored"));
        assertEquals(set("q1", "q2"), route(router, "anything"));
        assertEquals(set("q1", "q2"), route(router, null));
    }

    @Test
    void destinationBoundWithSeveralKeysReceivesOneCopyUntilLastUnbind() {
        assertTrue(router.bind(new Binding<>("q", "a")));
        assertTrue(router.bind(new Binding<>("q", "b")));
        assertFalse(router.bind(new Binding<>("q", "b")));
        assertEquals(set("q"), route(router, "x"));
        assertTrue(router.unbind(new Binding<>("q", "a")));
        assertEquals(set("q"), route(router, "x"));
        assertTrue(router.unbind(new Binding<>("q", "b")));
        assertTrue(route(router, "x").isEmpty());
        assertTrue(router.isEmpty());
    }

    @Test
    void removeDestinationReportsCount() {
        router.bind(new Binding<>("q", "a"));
        router.bind(new Binding<>("q", "b"));
        router.bind(new Binding<>("p", "a"));
        assertTrue(router.hasBindingsTo("q"));
        assertEquals(2, router.removeDestination("q"));
        assertFalse(router.hasBindingsTo("q"));
        assertEquals(set("p"), route(router, "x"));
    }
}
