package io.warrenmq.exchange;

import static io.warrenmq.exchange.Routes.route;
import static io.warrenmq.exchange.Routes.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DirectRouterTest {

    private final DirectRouter<String> router = new DirectRouter<>();

    @Test
    void routesOnlyOnExactRoutingKey() {
        router.bind(new Binding<>("q1", "orders"));
        router.bind(new Binding<>("q2", "orders.eu"));
        router.bind(new Binding<>("q3", ""));
        assertEquals(set("q1"), route(router, "orders"));
        assertEquals(set("q2"), route(router, "orders.eu"));
        assertEquals(set("q3"), route(router, ""));
        assertTrue(route(router, "Orders").isEmpty());
        assertTrue(route(router, "orders.*").isEmpty(), "no wildcards in direct exchanges");
    }

    @Test
    void sameKeyManyDestinationsDeliversToEach() {
        router.bind(new Binding<>("q1", "k"));
        router.bind(new Binding<>("q2", "k"));
        assertEquals(set("q1", "q2"), route(router, "k"));
    }

    @Test
    void destinationBoundTwiceWithDifferentArgumentsReceivesOneCopy() {
        assertTrue(router.bind(new Binding<>("q", "k", Map.of("a", 1))));
        assertTrue(router.bind(new Binding<>("q", "k", Map.of("a", 2))));
        assertFalse(router.bind(new Binding<>("q", "k", Map.of("a", 2))));
        assertEquals(2, router.size());
        assertEquals(set("q"), route(router, "k"));
        assertTrue(router.unbind(new Binding<>("q", "k", Map.of("a", 1))));
        assertEquals(set("q"), route(router, "k"), "the other binding still routes");
        assertTrue(router.unbind(new Binding<>("q", "k", Map.of("a", 2))));
        assertTrue(route(router, "k").isEmpty());
        assertFalse(router.unbind(new Binding<>("q", "k", Map.of("a", 2))));
    }

    @Test
    void removeDestinationDropsItsBindingsOnly() {
        router.bind(new Binding<>("q1", "a"));
        router.bind(new Binding<>("q1", "b"));
        router.bind(new Binding<>("q2", "a"));
        assertEquals(2, router.removeDestination("q1"));
        assertEquals(set("q2"), route(router, "a"));
        assertTrue(route(router, "b").isEmpty());
        assertEquals(1, router.size());
        assertEquals(1, router.bindings().size());
    }
}
