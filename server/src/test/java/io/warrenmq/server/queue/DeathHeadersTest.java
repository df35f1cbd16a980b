package io.warrenmq.server.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warrenmq.codec.types.FieldTable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeathHeadersTest {
    private static FieldTable death(String queue, String reason) {
        return FieldTable.of(Map.of("queue", queue, "reason", reason));
    }

    private static FieldTable withDeaths(Object... deaths) {
        return FieldTable.of(Map.of("x-death", List.of(deaths)));
    }

    /** is_death_cycle looks at the deaths up to the newest one in the target queue, not beyond. */
    @Test
    void aRejectOlderThanTheTargetsNewestDeathDoesNotBreakTheCycle() {
        assertTrue(DeathHeaders.isCycle(withDeaths(death("q", "expired"), death("other", "rejected")), "q"));
        assertFalse(DeathHeaders.isCycle(withDeaths(death("other", "rejected"), death("q", "expired")), "q"));
        assertFalse(DeathHeaders.isCycle(withDeaths(death("q", "rejected")), "q"));
        assertFalse(DeathHeaders.isCycle(withDeaths(death("other", "expired")), "q"));
        assertFalse(DeathHeaders.isCycle(withDeaths("not a table", death("q", "expired")), "q"));
    }

    @Test
    void compactionCountsEntriesWithoutACountAndKeepsFirstAppearanceOrder() {
        List<Object> compacted = DeathHeaders.compacted(List.of(death("a", "expired"), death("b", "maxlen"),
                death("a", "expired"), death("a", "rejected"), death("a", "expired")));
        assertEquals(3, compacted.size());
        assertEquals(List.of("a/expired/3", "b/maxlen/1", "a/rejected/1"), compacted.stream()
                .map(d -> (FieldTable) d).map(d -> d.getString("queue") + "/" + d.getString("reason") + "/"
                        + d.getLong("count")).toList());
    }

    @Test
    void aRepeatedDeathKeepsItsFirstFieldsAndCountsUp() {
        FieldTable first = DeathHeaders.add(null, "expired", "q", "ex1", List.of("k1"), null, Instant.ofEpochSecond(100));
        FieldTable again = DeathHeaders.add(first, "expired", "q", "ex2", List.of("k2"), "50", Instant.ofEpochSecond(200));
        List<?> deaths = (List<?>) again.get("x-death");
        assertEquals(1, deaths.size());
        FieldTable d = (FieldTable) deaths.get(0);
        assertEquals(2L, d.getLong("count"));
        assertEquals("ex1", d.getString("exchange"));
        assertEquals(Instant.ofEpochSecond(100), d.get("time"));
        assertFalse(d.containsKey("original-expiration"));
        assertEquals("ex2", again.getString("x-last-death-exchange"));
        assertEquals("ex1", again.getString("x-first-death-exchange"));
    }
}
