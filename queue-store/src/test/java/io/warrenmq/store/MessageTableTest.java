package io.warrenmq.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link MessageTable} against a HashMap on workloads shaped like a broker's. */
class MessageTableTest {
    private record Entry(long position, int length, int holders) {
    }

    private static void assertSame(Map<Long, Entry> oracle, MessageTable table, long maxId, String context) {
        assertEquals(oracle.size(), table.size(), context);
        for (long id = 1; id <= maxId; id++) {
            Entry e = oracle.get(id);
            assertEquals(e != null, table.contains(id), context + " id " + id);
            if (e != null) {
                assertEquals(e.position(), table.position(id), context + " id " + id);
                assertEquals(e.length(), table.length(id), context + " id " + id);
                assertEquals(e.holders(), table.holders(id), context + " id " + id);
            }
        }
        Map<Long, Long> visited = new HashMap<>();
        table.forEach((id, position, length) -> visited.put(id, position));
        assertEquals(oracle.size(), visited.size(), context);
        oracle.forEach((id, e) -> assertEquals(e.position(), visited.get(id), context + " forEach id " + id));
    }

    /**
     * A backlog drained from the head while a few messages stay behind in every chunk (a second,
     * slow queue), with slightly out-of-order publishes, moves and multi-queue holders.
     */
    @Test
    void agreesWithAHashMapThroughBacklogsStragglersAndRetirement() {
        long seed = new Random().nextLong();
        Random r = new Random(seed);
        MessageTable table = new MessageTable();
        Map<Long, Entry> oracle = new HashMap<>();
        ArrayDeque<Long> fifo = new ArrayDeque<>();
        long next = 1;
        for (int round = 0; round < 6; round++) {
            int publishes = MessageTable.CHUNK * (1 + r.nextInt(3)) + r.nextInt(1000);
            for (int i = 0; i < publishes; i++) {
                long id = next + r.nextInt(3); // racing publishers hand ids over slightly out of order
                next = Math.max(next, id + 1);
                if (oracle.containsKey(id)) {
                    continue;
                }
                int holders = r.nextInt(20) == 0 ? 2 : 1;
                Entry e = new Entry(SegmentPosition.pack(1 + id / 1000, 32 + id), 100 + (int) (id % 50), holders);
                table.insert(id, e.position(), e.length(), holders);
                oracle.put(id, e);
                fifo.add(id);
            }
            int consumed = fifo.size() - r.nextInt(2000);
            for (int i = 0; i < consumed; i++) {
                long id = fifo.poll();
                if (r.nextInt(500) == 0) {
                    fifo.add(id); // a straggler: stays behind, long after its chunk emptied
                    continue;
                }
                if (r.nextInt(100) == 0) {
                    long moved = SegmentPosition.pack(99, 32 + id);
                    table.move(id, moved, 77);
                    Entry e = oracle.get(id);
                    oracle.put(id, new Entry(moved, 77, e.holders()));
                }
                Entry e = oracle.get(id);
                int left = table.release(id);
                assertEquals(e.holders() - 1, left, "seed " + seed);
                if (left == 0) {
                    oracle.remove(id);
                } else {
                    oracle.put(id, new Entry(e.position(), e.length(), left));
                    fifo.add(id);
                }
            }
            assertSame(oracle, table, next, "seed " + seed + " round " + round);
        }
        assertTrue(table.chunkCount() <= 3, "drained chunks are retired: " + table.chunkCount());
    }

    @Test
    void anIdBelowEveryChunkGoesToTheOverflowTable() {
        MessageTable table = new MessageTable();
        long high = 10L * MessageTable.CHUNK + 5;
        table.insert(high, 1000, 10, 1);
        table.insert(7, 2000, 20, 3); // e.g. a compaction copy replayed after its original's segment went
        assertEquals(2000, table.position(7));
        assertEquals(3, table.holders(7));
        assertEquals(2, table.release(7));
        table.move(7, 3000, 30);
        assertEquals(3000, table.position(7));
        assertEquals(1, table.chunkCount());
        assertEquals(2, table.size());
        assertEquals(0, table.release(high));
        assertFalse(table.contains(high));
        assertEquals(1, table.size());
    }

    @Test
    void aDenseBacklogCostsFourteenBytesPerMessage() {
        MessageTable table = new MessageTable();
        int n = 40 * MessageTable.CHUNK;
        for (long id = 1; id <= n; id++) {
            table.insert(id, id, 1, 1);
        }
        double perMessage = (double) table.memoryBytes() / n;
        assertTrue(perMessage < 15, "bytes per message: " + perMessage);
    }
}
