package io.warrenmq.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Version 2 of the definitions file (vhosts and the access-control block) and reading version 1 files. */
class DefinitionsFileVersionTest {
    private static final Definitions TOPOLOGY = new Definitions(
            List.of(new Definitions.ExchangeDef("orders", "x", "topic", false, false, new byte[] {1})),
            List.of(new Definitions.QueueDef("orders", "q", false, null)),
            List.of(new Definitions.BindingDef("orders", "x", "q", true, "a.#", null)));

    @Test
    void vhostsAndAccessControlRoundTrip(@TempDir Path dir) throws Exception {
        Definitions d = new Definitions(TOPOLOGY.exchanges(), TOPOLOGY.queues(), TOPOLOGY.bindings(),
                List.of(new Definitions.VhostDef("/", "Default virtual host", List.of(), "classic"),
                        new Definitions.VhostDef("a/b", "", List.of("prod", "eu"), "quorum", new byte[] {1, 2})),
                new byte[] {7, 8, 9});
        DefinitionsFile file = new DefinitionsFile(dir);
        file.save(d);
        Definitions loaded = new DefinitionsFile(dir).load(new ArrayList<>());
        assertEquals(d, loaded);
        assertTrue(loaded.recordsVhosts());
        assertArrayEquals(new byte[] {7, 8, 9}, loaded.accessControl());
    }

    @Test
    void anUnrecordedVhostListStaysUnrecorded(@TempDir Path dir) throws Exception {
        new DefinitionsFile(dir).save(TOPOLOGY);
        Definitions loaded = new DefinitionsFile(dir).load(new ArrayList<>());
        assertNull(loaded.vhosts());
        assertFalse(loaded.recordsVhosts());
        assertEquals(TOPOLOGY, loaded);
    }

    /** A file an earlier Warren wrote (version 1: no vhost list, no access control) still loads. */
    @Test
    void version1FilesAreRead(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("definitions.a"), version1(TOPOLOGY, 5));
        List<String> problems = new ArrayList<>();
        Definitions loaded = new DefinitionsFile(dir).load(problems);
        assertEquals(List.of(), problems);
        assertEquals(TOPOLOGY, loaded);
        assertFalse(loaded.recordsVhosts());
    }

    /** Version 1's bytes: version 2's without the two trailing sections (-1 vhosts, 0 access bytes). */
    private static byte[] version1(Definitions d, long generation) {
        byte[] v2 = DefinitionsFile.encode(d, generation);
        byte[] out = java.util.Arrays.copyOf(v2, v2.length - 8);
        ByteBuffer h = ByteBuffer.wrap(out);
        h.putShort(4, DefinitionsFile.VERSION_1);
        h.putInt(16, out.length - DefinitionsFile.HEADER_BYTES);
        CRC32C crc = new CRC32C();
        crc.update(out, 0, 20);
        crc.update(out, DefinitionsFile.HEADER_BYTES, out.length - DefinitionsFile.HEADER_BYTES);
        h.putInt(20, (int) crc.getValue());
        return out;
    }
}
