package io.warrenmq.exchange;

import static io.warrenmq.exchange.Routes.route;
import static io.warrenmq.exchange.Routes.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HeadersRouterTest {

    private final HeadersRouter<String> router = new HeadersRouter<>();

    @Test
    void routesOnHeadersIgnoringRoutingKey() {
        router.bind(new Binding<>("pdf", "", Map.of("format", "pdf")));
        router.bind(new Binding<>("any", "ignored", Map.of("x-match", "any", "format", "zip", "type", "log")));
        router.bind(new Binding<>("everything", ""));
        assertEquals(set("pdf", "everything"), route(router, "whatever", Headers.of(Map.of("format", "pdf"))));
        assertEquals(set("any", "everything"), route(router, "", Headers.of(Map.of("type", "log"))));
        assertEquals(set("everything"), route(router, "", Headers.EMPTY));
        assertEquals(set("everything"), route(router, "", null));
    }

    @Test
    void destinationWithSeveralMatchingBindingsReceivesOneCopy() {
        assertTrue(router.bind(new Binding<>("q", "", Map.of("a", 1))));
        assertTrue(router.bind(new Binding<>("q", "", Map.of("b", 2))));
        assertFalse(router.bind(new Binding<>("q", "", Map.of("b", 2))));
        assertEquals(set("q"), route(router, "", Headers.of(Map.of("a", 1, "b", 2))));
        assertTrue(router.unbind(new Binding<>("q", "", Map.of("a", 1))));
        assertTrue(route(router, "", Headers.of(Map.of("a", 1))).isEmpty());
        assertEquals(set("q"), route(router, "", Headers.of(Map.of("b", 2))));
    }

    @Test
    void bindingIdentityComparesArgumentsByTypeAndContent() {
        assertTrue(router.bind(new Binding<>("q", "", Map.of("a", new byte[] {1, 2}))));
        assertFalse(router.bind(new Binding<>("q", "", Map.of("a", new byte[] {1, 2}))));
        assertTrue(router.bind(new Binding<>("q", "", Map.of("a", 1))));
        assertTrue(router.bind(new Binding<>("q", "", Map.of("a", 1L))), "signedint 1 and long 1 differ");
        assertTrue(router.unbind(new Binding<>("q", "", Map.of("a", new byte[] {1, 2}))));
        assertEquals(2, router.size());
    }

    @Test
    void removeDestinationDropsItsBindings() {
        router.bind(new Binding<>("q1", "", Map.of("a", 1)));
        router.bind(new Binding<>("q1", "", Map.of("b", 1)));
        router.bind(new Binding<>("q2", "", Map.of("a", 1)));
        assertEquals(2, router.removeDestination("q1"));
        assertEquals(set("q2"), route(router, "", Headers.of(Map.of("a", 1, "b", 1))));
        assertFalse(router.hasBindingsTo("q1"));
    }

    @Test
    void routerValidatesXMatch() {
        assertTrue(router.validate(new Binding<>("q", "", Map.of("x-match", "none"))).isPresent());
        assertTrue(router.validate(new Binding<>("q", "", Map.of("x-match", "any"))).isEmpty());
        assertTrue(new TopicRouter<String>().validate(new Binding<>("q", "", Map.of("x-match", "none"))).isEmpty());
    }
}
