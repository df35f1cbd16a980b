package io.warrenmq.management.resources.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PropertiesKeyTest {
    @Test
    void anEmptyKeyWithoutArgumentsIsTilde() {
        assertEquals("~", PropertiesKey.of("", Map.of()));
        assertEquals("~", PropertiesKey.of("", null));
    }

    @Test
    void theKeyIsQuotedAsMochiwebQuotePlusWithTildeEscaped() {
        assertEquals("orders", PropertiesKey.of("orders", Map.of()));
        assertEquals("eu.%23", PropertiesKey.of("eu.#", Map.of()));
        assertEquals("a+b", PropertiesKey.of("a b", Map.of()));
        assertEquals("x%7Ey", PropertiesKey.of("x~y", Map.of()));
        assertEquals("a-b_c.d", PropertiesKey.of("a-b_c.d", Map.of()));
        assertEquals("%2A.%C3%A9", PropertiesKey.of("*.é", Map.of()));
    }

    @Test
    void argumentsAddAStableHashWhateverTheirOrderOrIntegerType() {
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", "x");
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", "x");
        ba.put("a", 1L);
        String k = PropertiesKey.of("rk", ab);
        assertTrue(k.startsWith("rk~"), k);
        assertEquals(k, PropertiesKey.of("rk", ba));
        assertNotEquals(k, PropertiesKey.of("rk", Map.of("a", 2L, "b", "x")));
        assertTrue(PropertiesKey.of("", ab).startsWith("~"), "an empty key with arguments is ~hash");
        assertTrue(k.substring(3).matches("[A-Za-z0-9_-]{6}"), k);
    }
}
