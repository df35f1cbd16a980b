package io.warrenmq.exchange;

import static io.warrenmq.exchange.Routes.route;
import static io.warrenmq.exchange.Routes.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Declaring 100,000 topic bindings must be cheap per binding (no trie rebuild); no timing is asserted. */
class TopicRouterScaleTest {

    @Test
    void handlesOneHundredThousandBindings() {
        TopicRouter<String> router = new TopicRouter<>();
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            String pattern = switch (i % 4) {
                case 0 -> "user." + i + ".created";
                case 1 -> "user." + i + ".*";
                case 2 -> "region." + (i % 100) + ".user." + i + ".#";
                default -> "#." + i;
            };
            assertTrue(router.bind(new Binding<>("q" + i, pattern)));
        }
        assertEquals(n, router.size());

        assertEquals(set("q4"), route(router, "user.4.created"));
        assertEquals(set("q5"), route(router, "user.5.deleted"));
        assertEquals(set("q1", "q3"), route(router, "user.1.3"));
        assertEquals(set("q2"), route(router, "region.2.user.2.x.y"));
        assertEquals(set("q99999"), route(router, "any.thing.99999"));
        assertTrue(route(router, "user.4.created.late").isEmpty());

        for (int i = 0; i < n; i += 2) {
            assertEquals(1, router.removeDestination("q" + i));
        }
        assertEquals(n / 2, router.size());
        assertTrue(route(router, "user.4.created").isEmpty());
        assertEquals(set("q1", "q3"), route(router, "user.1.3"));

        router.bindings().forEach(router::unbind);
        assertTrue(router.isEmpty());
        assertEquals(1, router.trieNodeCount());
    }
}
