package io.warrenmq.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The primitive index structures against plain collections, on seeded random operations. */
class IndexStructuresTest {

    @Test
    void messageIndexAgreesWithAHashMap() {
        long seed = new Random().nextLong();
        Random r = new Random(seed);
        MessageIndex index = new MessageIndex();
        Map<Long, Long> oracle = new HashMap<>();
        for (int op = 0; op < 200_000; op++) {
            long id = 1 + r.nextInt(5000);
            int slot = index.find(id);
            if (r.nextBoolean()) {
                if (slot < 0) {
                    index.insert(id, id * 3, (int) id, 1);
                    oracle.put(id, id * 3);
                }
            } else if (slot >= 0) {
                index.removeAt(slot);
                oracle.remove(id);
            }
            if (op % 10_000 == 0) {
                for (long k = 1; k <= 5000; k++) {
                    int s = index.find(k);
                    assertEquals(oracle.get(k), s < 0 ? null : index.position(s), "seed " + seed + " id " + k);
                }
            }
        }
        assertEquals(oracle.size(), index.size(), "seed " + seed);
    }

    @Test
    void queueIndexKeepsIdOrderThroughOutOfOrderAddsAndRandomRemovals() {
        long seed = new Random().nextLong();
        Random r = new Random(seed);
        QueueIndex q = new QueueIndex();
        TreeMap<Long, Boolean> oracle = new TreeMap<>();
        long next = 1;
        for (int op = 0; op < 50_000; op++) {
            int kind = r.nextInt(10);
            if (kind < 5) {
                long id = next + r.nextInt(3); // slightly out of order, like racing publishers
                next = Math.max(next, id + 1);
                if (!oracle.containsKey(id)) {
                    q.add(id, false);
                    oracle.put(id, false);
                }
            } else if (kind < 9 && !oracle.isEmpty()) {
                long id = r.nextInt(4) == 0 ? oracle.firstKey() : 1 + (long) r.nextInt((int) next);
                assertEquals(oracle.remove(id) != null, q.remove(id), "seed " + seed);
            } else if (!oracle.isEmpty()) {
                Long ceiling = oracle.ceilingKey(1 + (long) r.nextInt((int) next));
                long id = ceiling == null ? oracle.firstKey() : ceiling;
                assertEquals(!oracle.get(id), q.markDelivered(id), "seed " + seed);
                oracle.put(id, true);
            }
        }
        List<Long> expected = new ArrayList<>();
        oracle.forEach((id, d) -> expected.add(id | (d ? QueueIndex.DELIVERED : 0)));
        List<Long> actual = new ArrayList<>();
        for (long e : q.snapshot()) {
            actual.add(e);
        }
        assertEquals(expected, actual, "seed " + seed);
        assertEquals(oracle.size(), q.size());
    }

    @Test
    void pagedIdsAreAFifoAcrossBlockBoundaries() {
        long seed = new Random().nextLong();
        Random r = new Random(seed);
        PagedIds paged = new PagedIds();
        java.util.ArrayDeque<long[]> oracle = new java.util.ArrayDeque<>();
        long next = 1;
        for (int op = 0; op < 300_000; op++) {
            // phases of growth and drain so the queue crosses block boundaries both ways and empties
            boolean grow = (op / 20_000) % 2 == 0 ? r.nextInt(10) < 7 : r.nextInt(10) < 3;
            if (grow) {
                paged.add(next, (int) (next % 1000));
                oracle.add(new long[] {next, next % 1000});
                next++;
            } else if (!oracle.isEmpty()) {
                long[] expected = oracle.poll();
                assertEquals(expected[0], paged.peekId(), "seed " + seed);
                assertEquals(expected[1], paged.peekSize(), "seed " + seed);
                paged.remove();
            }
            assertEquals(oracle.size(), paged.size(), "seed " + seed);
            if (r.nextInt(50_000) == 0) {
                paged.clear();
                oracle.clear();
            }
        }
    }
}
