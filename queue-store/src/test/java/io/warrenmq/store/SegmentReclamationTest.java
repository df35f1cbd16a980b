package io.warrenmq.store;

import static io.warrenmq.store.StoreTestSupport.VHOST;
import static io.warrenmq.store.StoreTestSupport.bodies;
import static io.warrenmq.store.StoreTestSupport.publishDurably;
import static io.warrenmq.store.StoreTestSupport.segmentFiles;
import static io.warrenmq.store.StoreTestSupport.smallSegments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reclaiming segments never resurrects a removed message nor loses a live one: only the oldest
 * segment is deleted, once dead; a mostly dead oldest segment is compacted first.
 */
class SegmentReclamationTest {
    @TempDir
    Path dir;

    @Test
    void aRemoveInALaterSegmentStillHoldsAfterSegmentsAreDeletedAndTheStoreReopens() throws Exception {
        try (DurableStore store = DurableStore.open(dir, smallSegments())) {
            long removed = publishDurably(store, "removed", "q");
            publishDurably(store, "pinned", "keep");
            List<Long> fillers = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                fillers.add(publishDurably(store, "filler" + i, "q2"));
            }
            store.remove(VHOST, "q", removed); // lands in a late segment; "removed" lives in the first
            for (long f : fillers) {
                store.remove(VHOST, "q2", f);
            }
            int before = segmentFiles(dir).size();
            store.sync();
            assertTrue(segmentFiles(dir).size() < before, "dead segments deleted: " + segmentFiles(dir));
            assertEquals(1, store.messageCount());
        }
        try (DurableStore store = DurableStore.open(dir, smallSegments())) {
            assertTrue(store.recoveryReport().clean(), store.recoveryReport().problems().toString());
            assertEquals(List.of(), bodies(store, "q"));
            assertEquals(List.of(), bodies(store, "q2"));
            assertEquals(List.of("pinned"), bodies(store, "keep"));
        }
    }

    @Test
    void deadSegmentsBehindALiveOldestSegmentWaitAndNothingComesBack() throws Exception {
        List<String> pinned = new ArrayList<>();
        try (DurableStore store = DurableStore.open(dir, smallSegments())) {
            for (int i = 0; i < 60; i++) {
                pinned.add("pin" + i);
                publishDurably(store, "pin" + i, "keep");
            }
            List<Long> later = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                later.add(publishDurably(store, "later" + i, "q"));
            }
            for (long id : later) {
                store.remove(VHOST, "q", id);
            }
            store.sync();
        }
        try (DurableStore store = DurableStore.open(dir, smallSegments())) {
            assertEquals(pinned, bodies(store, "keep"));
            assertEquals(List.of(), bodies(store, "q"));
        }
    }

    @Test
    void compactionMovesLiveMessagesForwardKeepingOrderAndRedeliveredFlags() throws Exception {
        List<String> expected = new ArrayList<>();
        try (DurableStore store = DurableStore.open(dir, smallSegments())) {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                ids.add(publishDurably(store, "m" + i, "q", i % 7 == 0 ? "other" : "q"));
            }
            for (int i = 0; i < 600; i++) {
                if (i % 50 == 0) {
                    store.delivered(VHOST, "q", ids.get(i));
                    expected.add("m" + i + "*");
                } else if (i % 50 == 1) {
                    expected.add("m" + i);
                } else {
                    store.remove(VHOST, "q", ids.get(i));
                    if (i % 7 == 0) {
                        store.remove(VHOST, "other", ids.get(i));
                    }
                }
            }
            store.sync();
            assertTrue(segmentFiles(dir).size() <= 4, "compacted down to a few segments: " + segmentFiles(dir));
            assertEquals(expected, bodies(store, "q"));
        }
        try (DurableStore store = DurableStore.open(dir, smallSegments())) {
            assertTrue(store.recoveryReport().clean(), store.recoveryReport().problems().toString());
            assertEquals(expected, bodies(store, "q"));
            List<String> other = new ArrayList<>();
            for (int i = 0; i < 600; i += 7) {
                if (i % 50 <= 1) {
                    other.add("m" + i);
                }
            }
            assertEquals(other, bodies(store, "other"));
        }
    }

    @Test
    void aCompactionCopyFoundNextToItsOriginalMovesTheMessageWithoutDuplicatingIt() {
        StoreIndex index = new StoreIndex();
        Segment first = new Segment(0, Path.of("0"), 1000);
        Segment later = new Segment(5, Path.of("5"), 1000);
        index.addSegment(first);
        index.addSegment(later);
        index.publish(7, VHOST, new String[] {"a", "b"}, null, SegmentPosition.pack(0, 32), 100);
        index.remove(VHOST, "b", 7);
        index.publish(7, VHOST, new String[] {"a"}, new byte[] {RecordFormat.FLAG_REDELIVERED},
                SegmentPosition.pack(5, 64), 90);
        assertEquals(new SegmentPosition(5, 64, 90), index.locate(7));
        assertEquals(0, first.liveMessages);
        assertEquals(1, later.liveMessages);
        assertEquals(1, index.queueSnapshot(VHOST, "a").length);
        assertTrue((index.queueSnapshot(VHOST, "a")[0] & QueueIndex.DELIVERED) != 0);
        assertEquals(0, index.queueSnapshot(VHOST, "b").length);
        assertTrue(index.remove(VHOST, "a", 7));
        assertEquals(0, index.messageCount());
        assertEquals(0, later.liveMessages);
    }
}
