package io.warrenmq.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Test helper: routes and collects destinations, failing if any destination was delivered twice. */
final class Routes {

    private Routes() {
    }

    static <D> Set<D> route(Router<D> router, String routingKey) {
        return route(router, routingKey, Headers.EMPTY);
    }

    static <D> Set<D> route(Router<D> router, String routingKey, Headers headers) {
        List<D> delivered = new ArrayList<>();
        router.route(routingKey, headers, delivered::add);
        Set<D> distinct = new HashSet<>(delivered);
        assertEquals(distinct.size(), delivered.size(), "duplicate delivery for '" + routingKey + "': " + delivered);
        return distinct;
    }

    static Set<String> set(String... destinations) {
        return new HashSet<>(List.of(destinations));
    }
}
