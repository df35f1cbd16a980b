package io.warrenmq.exchange;

import static io.warrenmq.exchange.Routes.route;
import static io.warrenmq.exchange.Routes.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicRouterTest {

    private final TopicRouter<String> router = new TopicRouter<>();

    private void bind(String key, String destination) {
        assertTrue(router.bind(new Binding<>(destination, key)), key + " -> " + destination);
    }

    private boolean matches(String bindingKey, String routingKey) {
        TopicRouter<String> single = new TopicRouter<>();
        single.bind(new Binding<>("q", bindingKey));
        return !route(single, routingKey).isEmpty();
    }

    /** The bindings and expectations of RabbitMQ's topic exchange test (rabbit test suite, "topic_matching"). */
    @Test
    void routesLikeRabbitMqTopicMatchingSuite() {
        List<Binding<String>> bindings = new ArrayList<>();
        String[][] table = {
            {"a.b.c", "t1"}, {"a.*.c", "t2"}, {"a.#.b", "t3"}, {"a.b.b.c", "t4"}, {"#", "t5"}, {"#.#", "t6"},
            {"#.b", "t7"}, {"*.*", "t8"}, {"a.*", "t9"}, {"*.b.c", "t10"}, {"a.#", "t11"}, {"a.#.#", "t12"},
            {"b.b.c", "t13"}, {"a.b.b", "t14"}, {"a.b", "t15"}, {"b.c", "t16"}, {"", "t17"}, {"*.*.*", "t18"},
            {"vodka.martini", "t19"}, {"a.b.c", "t20"}, {"*.#", "t21"}, {"#.*.#", "t22"}, {"*.#.#", "t23"},
            {"#.#.#", "t24"}, {"*", "t25"}, {"#.b.#", "t26"},
        };
        for (String[] row : table) {
            bindings.add(new Binding<>(row[1], row[0]));
        }
        bindings.add(new Binding<>("t27", "args-test", Map.of("foo", "bar")));
        bindings.add(new Binding<>("t27", "args-test", Map.of("foo", "baz"))); // same queue, other args
        bindings.forEach(b -> assertTrue(router.bind(b)));

        assertEquals(set("t1", "t2", "t5", "t6", "t10", "t11", "t12", "t18", "t20", "t21", "t22", "t23", "t24",
                "t26"), route(router, "a.b.c"));
        assertEquals(set("t3", "t5", "t6", "t7", "t8", "t9", "t11", "t12", "t15", "t21", "t22", "t23", "t24",
                "t26"), route(router, "a.b"));
        assertEquals(set("t3", "t5", "t6", "t7", "t11", "t12", "t14", "t18", "t21", "t22", "t23", "t24", "t26"),
                route(router, "a.b.b"));
        assertEquals(set("t5", "t6", "t17", "t24"), route(router, ""));
        assertEquals(set("t5", "t6", "t18", "t21", "t22", "t23", "t24", "t26"), route(router, "b.c.c"));
        assertEquals(set("t5", "t6", "t11", "t12", "t21", "t22", "t23", "t24"), route(router, "a.a.a.a.a"));
        assertEquals(set("t5", "t6", "t8", "t21", "t22", "t23", "t24"), route(router, "vodka.gin"));
        assertEquals(set("t5", "t6", "t8", "t19", "t21", "t22", "t23", "t24"), route(router, "vodka.martini"));
        assertEquals(set("t5", "t6", "t10", "t13", "t18", "t21", "t22", "t23", "t24", "t26"),
                route(router, "b.b.c"));
        assertEquals(set("t5", "t6", "t21", "t22", "t23", "t24"), route(router, "nothing.here.at.all"));
        assertEquals(set("t5", "t6", "t21", "t22", "t23", "t24", "t25"), route(router, "oneword"));
        assertEquals(set("t5", "t6", "t21", "t22", "t23", "t24", "t25", "t27"), route(router, "args-test"));

        for (int n : new int[] {1, 5, 11, 19, 21, 28}) {
            assertTrue(router.unbind(bindings.get(n - 1)));
        }

        assertEquals(set("t2", "t6", "t10", "t12", "t18", "t20", "t22", "t23", "t24", "t26"),
                route(router, "a.b.c"));
        assertEquals(set("t3", "t6", "t7", "t8", "t9", "t12", "t15", "t22", "t23", "t24", "t26"),
                route(router, "a.b"));
        assertEquals(set("t3", "t6", "t7", "t12", "t14", "t18", "t22", "t23", "t24", "t26"), route(router, "a.b.b"));
        assertEquals(set("t6", "t17", "t24"), route(router, ""));
        assertEquals(set("t6", "t18", "t22", "t23", "t24", "t26"), route(router, "b.c.c"));
        assertEquals(set("t6", "t12", "t22", "t23", "t24"), route(router, "a.a.a.a.a"));
        assertEquals(set("t6", "t8", "t22", "t23", "t24"), route(router, "vodka.gin"));
        assertEquals(set("t6", "t8", "t22", "t23", "t24"), route(router, "vodka.martini"));
        assertEquals(set("t6", "t10", "t13", "t18", "t22", "t23", "t24", "t26"), route(router, "b.b.c"));
        assertEquals(set("t6", "t22", "t23", "t24"), route(router, "nothing.here.at.all"));
        assertEquals(set("t6", "t22", "t23", "t24", "t25"), route(router, "oneword"));
        assertEquals(set("t6", "t22", "t23", "t24", "t25", "t27"), route(router, "args-test"));

        router.bindings().forEach(router::unbind);
        assertTrue(route(router, "a.b.c").isEmpty());
        assertEquals(1, router.trieNodeCount(), "all nodes pruned");
    }

    @Test
    void starMatchesExactlyOneWord() {
        assertTrue(matches("a.*.c", "a.b.c"));
        assertFalse(matches("a.*.c", "a.c"));
        assertFalse(matches("a.*.c", "a.b.b.c"));
        assertFalse(matches("*.*", "a"));
        assertTrue(matches("*.*", "a.b"));
        assertFalse(matches("*.*", "a.b.c"));
    }

    @Test
    void hashMatchesZeroOrMoreWords() {
        assertTrue(matches("#", "a.b.c"));
        assertTrue(matches("a.#", "a"));
        assertTrue(matches("a.#", "a.b.c"));
        assertFalse(matches("a.#", "b.a"));
        assertTrue(matches("#.c", "c"));
        assertTrue(matches("#.c", "a.b.c"));
        assertFalse(matches("#.c", "c.a"));
        assertTrue(matches("a.#.c", "a.c"));
        assertTrue(matches("a.#.c", "a.b.b.c"));
        assertFalse(matches("a.#.c", "a.b"));
    }

    @Test
    void adjacentWildcardsMatchAsTheirNormalForm() {
        assertTrue(matches("#.#", "a"));
        assertTrue(matches("#.#", ""));
        assertFalse(matches("#.*", ""));
        assertTrue(matches("#.*", "a"));
        assertTrue(matches("#.*", "a.b.c"));
        assertTrue(matches("*.#", "a"));
        assertFalse(matches("*.#", ""));
        assertFalse(matches("#.*.*", "a"));
        assertTrue(matches("#.*.#.*", "a.b"));
    }

    @Test
    void emptyWordsAreWords() {
        assertTrue(matches("a..c", "a..c"));
        assertFalse(matches("a..c", "a.c"));
        assertTrue(matches("a.*.c", "a..c"));
        assertTrue(matches("a.", "a."));
        assertFalse(matches("a", "a."));
        assertTrue(matches("*.*", "."));
        assertFalse(matches("*", ""));
        assertTrue(matches("#.", "."));
        assertTrue(matches("#.", "a.b."));
        assertFalse(matches("#.", "a"));
    }

    @Test
    void emptyRoutingKeyIsZeroWordsAsInRabbitMq() {
        assertTrue(matches("", ""));
        assertTrue(matches("#", ""));
        assertFalse(matches("*", ""));
        assertFalse(matches("", "a"));
        assertFalse(matches("", "."));
        assertTrue(matches("*.*", "."));
    }

    @Test
    void wildcardCharactersInRoutingKeyAreLiteralWords() {
        assertTrue(matches("a.*", "a.*"));
        assertTrue(matches("a.#", "a.#"));
        assertFalse(matches("a.b", "a.*"));
        assertTrue(matches("a.b*", "a.b*"));
        assertFalse(matches("a.b*", "a.bc"));
    }

    @Test
    void destinationMatchedByManyBindingsIsDeliveredOnce() {
        bind("a.b.c", "q");
        bind("a.*.c", "q");
        bind("#", "q");
        bind("a.#", "q");
        bind("#.c", "other");
        assertEquals(set("q", "other"), route(router, "a.b.c"));
    }

    @Test
    void manyWildcardsDoNotBlowUp() {
        String pattern = "#.a.#.a.#.a.#.a.#.a.#.a.#.a.#.a.#";
        bind(pattern, "q");
        String key = String.join(".", java.util.Collections.nCopies(120, "a"));
        assertEquals(set("q"), route(router, key));
        assertTrue(route(router, "a.a.a.a.a.a.a").isEmpty());
    }

    @Test
    void identicalBindingIsRejectedAndUnbindOfAbsentFails() {
        assertTrue(router.bind(new Binding<>("q", "a.b")));
        assertFalse(router.bind(new Binding<>("q", "a.b")));
        assertTrue(router.bind(new Binding<>("q", "a.b", Map.of("k", "v"))));
        assertEquals(2, router.size());
        assertFalse(router.unbind(new Binding<>("q", "a.c")));
        assertTrue(router.unbind(new Binding<>("q", "a.b")));
        assertEquals(set("q"), route(router, "a.b"), "the binding with arguments still routes");
    }

    @Test
    void unbindKeepsOtherBindingsOnSharedPrefixes() {
        bind("a.b.c", "q1");
        bind("a.b", "q2");
        bind("a.b.#", "q3");
        int nodes = router.trieNodeCount();
        assertTrue(router.unbind(new Binding<>("q1", "a.b.c")));
        assertEquals(nodes - 1, router.trieNodeCount());
        assertEquals(set("q2", "q3"), route(router, "a.b"));
        assertEquals(set("q3"), route(router, "a.b.c"));
        assertTrue(router.unbind(new Binding<>("q2", "a.b")));
        assertEquals(set("q3"), route(router, "a.b"));
    }

    @Test
    void normalizedKeysKeepTheirOriginalSpelling() {
        bind("#.*", "q");
        bind("*.#", "q");
        assertEquals(2, router.size());
        assertEquals(set("#.*", "*.#"),
                new java.util.HashSet<>(router.bindings().stream().map(Binding::routingKey).toList()));
        assertTrue(router.unbind(new Binding<>("q", "#.*")));
        assertEquals(set("q"), route(router, "x"));
        assertTrue(router.unbind(new Binding<>("q", "*.#")));
        assertTrue(route(router, "x").isEmpty());
        assertEquals(1, router.trieNodeCount());
    }

    @Test
    void removeDestinationDropsAllItsBindings() {
        bind("a.b", "q1");
        bind("a.*", "q1");
        bind("#", "q1");
        bind("a.b", "q2");
        assertEquals(3, router.removeDestination("q1"));
        assertFalse(router.hasBindingsTo("q1"));
        assertTrue(router.hasBindingsTo("q2"));
        assertEquals(set("q2"), route(router, "a.b"));
        assertEquals(0, router.removeDestination("q1"));
        assertEquals(1, router.size());
    }

    @Test
    void sinkMayRouteAgainOnTheSameThread() {
        TopicRouter<String> downstream = new TopicRouter<>();
        downstream.bind(new Binding<>("d1", "#"));
        downstream.bind(new Binding<>("d2", "a.*"));
        bind("a.b", "x1");
        bind("a.*", "x2");
        List<String> delivered = new ArrayList<>();
        router.route("a.b", Headers.EMPTY, x -> downstream.route("a.b", Headers.EMPTY, d -> delivered.add(x + d)));
        assertEquals(set("x1d1", "x1d2", "x2d1", "x2d2"), new java.util.HashSet<>(delivered));
        assertEquals(4, delivered.size());
    }

    @Test
    void nullRoutingKeyIsEmpty() {
        bind("", "q");
        assertEquals(set("q"), route(router, null));
    }
}
