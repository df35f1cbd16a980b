package io.warrenmq.store;

import static io.warrenmq.store.StoreTestSupport.VHOST;
import static io.warrenmq.store.StoreTestSupport.bodies;
import static io.warrenmq.store.StoreTestSupport.publishDurably;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivered marks are written lazily, so after a crash the store cannot tell which messages went
 * out in the last moments: every recovered message is then flagged redelivered ("*" in
 * {@link StoreTestSupport#bodies}). After a clean close only the recorded marks count.
 */
class CleanShutdownMarkerTest {

    @Test
    void afterACleanCloseOnlyRecordedDeliveriesAreRedelivered(@TempDir Path dir) throws Exception {
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            long a = publishDurably(store, "a", "q");
            publishDurably(store, "b", "q");
            store.delivered(VHOST, "q", a);
        }
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            assertFalse(store.recoveredAfterCrash());
            assertEquals(List.of("a*", "b"), bodies(store, "q"));
        }
    }

    @Test
    void afterACrashEveryRecoveredMessageIsRedelivered(@TempDir Path dir, @TempDir Path crashed) throws Exception {
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            publishDurably(store, "a", "q");
            publishDurably(store, "b", "q");
            store.sync();
            // what a kill -9 leaves behind: the files as they are, no clean marker
            copyTree(dir, crashed);
        }
        Files.deleteIfExists(crashed.resolve("LOCK"));
        try (DurableStore store = DurableStore.open(crashed, StoreOptions.defaults())) {
            assertTrue(store.recoveredAfterCrash());
            assertEquals(List.of("a*", "b*"), bodies(store, "q"));
        }
    }

    @Test
    void aNewDirectoryIsNotACrash(@TempDir Path dir) throws Exception {
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            assertFalse(store.recoveredAfterCrash());
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals("LOCK")) {
                    Files.copy(p, target);
                }
            }
        }
    }
}
