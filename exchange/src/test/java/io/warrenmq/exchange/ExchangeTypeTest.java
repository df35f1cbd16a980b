package io.warrenmq.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExchangeTypeTest {

    @Test
    void wireNamesRoundTripAndUnknownIsEmpty() {
        for (ExchangeType type : ExchangeType.values()) {
            assertEquals(Optional.of(type), ExchangeType.fromWireName(type.wireName()));
        }
        assertEquals(Optional.empty(), ExchangeType.fromWireName("x-consistent-hash"));
        assertEquals(Optional.empty(), ExchangeType.fromWireName("Topic"));
    }

    @Test
    void eachTypeCreatesItsRouter() {
        assertInstanceOf(DirectRouter.class, Router.<String>create(ExchangeType.DIRECT));
        assertInstanceOf(FanoutRouter.class, ExchangeType.FANOUT.<String>newRouter());
        assertInstanceOf(TopicRouter.class, ExchangeType.TOPIC.<String>newRouter());
        assertInstanceOf(HeadersRouter.class, ExchangeType.HEADERS.<String>newRouter());
        assertTrue(ExchangeType.TOPIC.newRouter().isEmpty());
    }

    @Test
    void bindingsAreEqualByContentTypeAndUnorderedArguments() {
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", new byte[] {1});
        ab.put("b", java.util.Arrays.asList(new byte[] {2}, null));
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", List.of(new byte[] {2}, "x"));
        ba.put("a", new byte[] {1});
        assertNotEquals(new Binding<>("q", "k", ab), new Binding<>("q", "k", ba));
        ba.put("b", java.util.Arrays.asList(new byte[] {2}, null));
        assertEquals(new Binding<>("q", "k", ab), new Binding<>("q", "k", ba));
        assertEquals(new Binding<>("q", "k", ab).hashCode(), new Binding<>("q", "k", ba).hashCode());
        assertNotEquals(new Binding<>("q", "k", Map.of("a", 1)), new Binding<>("q", "k", Map.of("a", 1L)));
        assertEquals(new Binding<>("q", null), new Binding<>("q", "", null));
    }
}
