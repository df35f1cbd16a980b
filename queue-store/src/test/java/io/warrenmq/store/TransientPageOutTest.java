package io.warrenmq.store;

import static io.warrenmq.store.StoreTestSupport.VHOST;
import static io.warrenmq.store.StoreTestSupport.publishDurably;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A transient message written out to save memory is readable while the store is open, never after. */
class TransientPageOutTest {

    @Test
    void pagedOutTransientCopiesAreReadableButNeverRecovered(@TempDir Path dir) throws Exception {
        long persistent;
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            persistent = publishDurably(store, "kept", "q");
            long t = store.pageOut(VHOST, "q", "", "q", Unpooled.EMPTY_BUFFER,
                    Unpooled.copiedBuffer("transient", StandardCharsets.UTF_8));
            store.sync();
            StoredMessage m = store.read(t);
            try {
                assertEquals("transient", m.body().toString(StandardCharsets.UTF_8));
            } finally {
                m.release();
            }
        }
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            assertArrayEquals(new long[] {persistent}, store.recoveredEntries(VHOST, "q"));
            assertEquals(1, store.messageCount());
        }
    }
}
