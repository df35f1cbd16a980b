package io.warrenmq.server.parameters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlobalParametersTest {
    @TempDir
    Path dir;

    @Test
    void valuesSurviveReopeningAndClusterNameFallsBackToItsDefault() {
        GlobalParameters g = GlobalParameters.open(dir, "warren");
        assertFalse(Files.exists(dir.resolve(GlobalParameters.FILE)), "nothing written until something is set");
        assertEquals(Map.of("cluster_name", "warren"), g.all());
        assertTrue(g.put("limits", Map.of("a", List.of(1L, "x"))));
        assertFalse(g.put("limits", Map.of("a", List.of(1L, "x"))), "a replace is no creation");
        assertFalse(g.put("cluster_name", "blue"), "cluster_name always exists");

        GlobalParameters again = GlobalParameters.open(dir, "warren");
        assertEquals("blue", again.clusterName());
        assertEquals(Map.of("a", List.of(1, "x")), again.get("limits").orElseThrow());
        assertTrue(again.delete("cluster_name"));
        assertEquals("warren", again.clusterName());
        assertTrue(again.stored("cluster_name").isEmpty());
        assertTrue(again.delete("limits"));
        assertFalse(again.delete("limits"));
        assertEquals(Map.of("cluster_name", "warren"), GlobalParameters.open(dir, "warren").all());
        assertFalse(Files.exists(dir.resolve(GlobalParameters.FILE + ".tmp")));
    }

    @Test
    void badNamesAndClusterNamesAreRefusedAndChangeNothing() {
        GlobalParameters g = GlobalParameters.inMemory("warren");
        assertThrows(IllegalArgumentException.class, () -> g.put("cluster_name", 5L));
        assertThrows(IllegalArgumentException.class, () -> g.put("cluster_name", ""));
        assertThrows(IllegalArgumentException.class, () -> g.put("", "x"));
        assertThrows(IllegalArgumentException.class, () -> g.put("n".repeat(256), "x"));
        assertEquals(Map.of("cluster_name", "warren"), g.all());
    }
}
