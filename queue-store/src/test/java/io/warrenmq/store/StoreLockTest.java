package io.warrenmq.store;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondOpenOfTheSameDirectoryFailsUntilTheFirstCloses() throws Exception {
        DurableStore first = DurableStore.open(dir, StoreOptions.defaults());
        StoreLockedException e = assertThrows(StoreLockedException.class,
                () -> DurableStore.open(dir, StoreOptions.defaults()));
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        first.close();
        try (DurableStore second = DurableStore.open(dir, StoreOptions.defaults())) {
            assertTrue(second.recoveryReport().clean(), second.recoveryReport().problems().toString());
        }
    }
}
