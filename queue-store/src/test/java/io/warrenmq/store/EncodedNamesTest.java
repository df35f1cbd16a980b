package io.warrenmq.store;

import static io.warrenmq.store.StoreTestSupport.bodies;
import static io.warrenmq.store.StoreTestSupport.publishDurably;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncodedNamesTest {
    @TempDir
    Path dir;

    private final EncodedNames names = new EncodedNames();

    @Test
    void aNameIsEncodedOnceAndItsBytesAreUtf8() {
        byte[] first = names.of("orders");
        assertArrayEquals("orders".getBytes(StandardCharsets.US_ASCII), first);
        assertSame(first, names.of("orders"));
        assertSame(first, names.of(new String("orders")), "equal names share their bytes");
        assertArrayEquals("file-d'attente-é-队列".getBytes(StandardCharsets.UTF_8), names.of("file-d'attente-é-队列"));
    }

    @Test
    void aNameTooLongForARecordIsRefusedAsBefore() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> names.of("é".repeat(RecordFormat.MAX_STRING_BYTES / 2 + 1)));
        assertEquals("name longer than 65535 bytes", e.getMessage());
        assertEquals(RecordFormat.MAX_STRING_BYTES, names.of("a".repeat(RecordFormat.MAX_STRING_BYTES)).length);
    }

    @Test
    void theLeastRecentlyUsedNamesGoFirstBeyondTheBound() {
        byte[] kept = names.of("kept");
        byte[] dropped = names.of("dropped");
        for (int i = 0; i < EncodedNames.MAX_NAMES - 1; i++) {
            names.of("q" + i);
            if (i % 1000 == 0) {
                names.of("kept"); // recently used
            }
        }
        assertSame(kept, names.of("kept"));
        assertNotSame(dropped, names.of("dropped"));
    }

    /** Records and hints written with cached names read back with the same names, after a restart too. */
    @Test
    void nonAsciiQueueNamesSurviveAReopen() throws Exception {
        String queue = "file-é-队列";
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            publishDurably(store, "m1", queue, "plain");
            publishDurably(store, "m2", queue);
            assertEquals(List.of("m1", "m2"), bodies(store, queue));
        }
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            assertTrue(store.recoveryReport().clean(), store.recoveryReport().problems().toString());
            assertEquals(List.of("m1", "m2"), bodies(store, queue));
            assertEquals(List.of("m1"), bodies(store, "plain"));
        }
    }
}
