package io.warrenmq.server.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.warrenmq.store.Message;
import io.warrenmq.store.QueueEntry;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The ring of unacknowledged deliveries: holes, prefix settlement, growth, against a TreeMap model. */
class UnackedLogTest {
    private final io.netty.channel.embedded.EmbeddedChannel loop = new io.netty.channel.embedded.EmbeddedChannel();
    private final io.warrenmq.server.vhost.VirtualHost vhost = new io.warrenmq.server.vhost.VirtualHost("/");
    /** The queue every delivery comes from: its unacked count must follow the log's size. */
    private final io.warrenmq.server.queue.Queue queue = new io.warrenmq.server.queue.Queue(vhost, "q", false, false,
            false, io.warrenmq.codec.types.FieldTable.EMPTY, null, loop.eventLoop());
    private final UnackedLog log = new UnackedLog(io.warrenmq.server.clock.BrokerClock.SYSTEM);
    /** entry → tag, so the sink can report which tags it saw. */
    private final Map<QueueEntry, Long> tagOf = new IdentityHashMap<>();
    private final List<Long> settled = new ArrayList<>();
    private final UnackedLog.Sink sink = (tag, queue, consumer, entry) -> {
        assertEquals(tagOf.get(entry), tag, "the sink must get the tag the entry was added with");
        settled.add(tag);
    };

    private void add(long tag) {
        // why EMPTY_BUFFER: the log never touches the message; nothing here needs releasing
        QueueEntry entry = new QueueEntry(new Message("", "", Unpooled.EMPTY_BUFFER, Unpooled.EMPTY_BUFFER, false));
        tagOf.put(entry, tag);
        log.add(tag, queue, null, entry);
    }

    @org.junit.jupiter.api.AfterEach
    void tearDown() {
        loop.finishAndReleaseAll();
    }

    private List<Long> takeSettled() {
        List<Long> copy = List.copyOf(settled);
        settled.clear();
        return copy;
    }

    @Test
    void inOrderRemovalSettlesEachTagOnce() {
        for (long t = 1; t <= 5; t++) {
            add(t);
        }
        for (long t = 1; t <= 5; t++) {
            assertTrue(log.remove(t, sink));
            assertEquals(List.of(t), takeSettled());
            assertEquals(5 - t, log.size());
        }
        assertFalse(log.remove(1, sink));
        assertEquals(List.of(), takeSettled());
    }

    @Test
    void outOfOrderRemovalLeavesHolesThatAreSkipped() {
        for (long t = 1; t <= 6; t++) {
            add(t);
        }
        assertTrue(log.remove(4, sink));
        assertTrue(log.remove(2, sink));
        assertFalse(log.remove(4, sink), "a hole is not outstanding");
        assertFalse(log.contains(2));
        assertTrue(log.contains(3));
        assertTrue(log.remove(1, sink));
        assertEquals(3, log.size());
        assertEquals(List.of(4L, 2L, 1L), takeSettled());

        assertEquals(3, log.removeAll(sink));
        assertEquals(List.of(3L, 5L, 6L), takeSettled());
        assertEquals(0, log.size());
    }

    @Test
    void removeUpToSettlesTheOutstandingPrefixInTagOrder() {
        for (long t = 10; t <= 20; t += 2) { // 10 12 14 16 18 20
            add(t);
        }
        log.remove(14, sink);
        takeSettled();

        assertEquals(3, log.removeUpTo(17, sink)); // a tag that was never issued is a fine bound
        assertEquals(List.of(10L, 12L, 16L), takeSettled());
        assertEquals(2, log.size());
        assertFalse(log.contains(16));
        assertTrue(log.contains(18));

        assertEquals(0, log.removeUpTo(17, sink));
        assertEquals(2, log.removeUpTo(20, sink));
        assertEquals(List.of(18L, 20L), takeSettled());
    }

    @Test
    void removeAllSettlesInTagOrder() {
        for (long t = 1; t <= 40; t++) {
            add(t);
        }
        for (long t = 40; t >= 1; t -= 3) {
            log.remove(t, sink);
        }
        takeSettled();

        int n = log.removeAll(sink);

        List<Long> all = takeSettled();
        assertEquals(n, all.size());
        List<Long> sorted = new ArrayList<>(all);
        sorted.sort(null);
        assertEquals(sorted, all);
        assertEquals(0, log.size());
        assertEquals(0, log.removeAll(sink));
    }

    @Test
    void containsOnlyOutstandingTags() {
        assertFalse(log.contains(1));
        add(1);
        add(3);
        assertTrue(log.contains(1));
        assertFalse(log.contains(2));
        assertTrue(log.contains(3));
        assertFalse(log.contains(4));
        assertFalse(log.contains(0));
    }

    @Test
    void growsPastInitialCapacityKeepingHolesAndOrder() {
        // the ring starts at 16: wrap it, punch holes, then grow twice
        for (long t = 1; t <= 10; t++) {
            add(t);
        }
        for (long t = 1; t <= 8; t++) {
            log.remove(t, sink);
        }
        for (long t = 11; t <= 30; t++) {
            add(t); // head is mid-array: these wrap around
        }
        log.remove(15, sink);
        log.remove(20, sink);
        for (long t = 31; t <= 100; t++) {
            add(t);
        }
        takeSettled();

        assertEquals(100 - 8 - 2, log.size());
        assertFalse(log.contains(15));
        assertTrue(log.contains(9));
        assertTrue(log.contains(100));
        assertEquals(List.of(9L, 10L, 11L, 12L, 13L, 14L, 16L), upTo(16));
        log.removeAll(sink);
        List<Long> rest = takeSettled();
        assertEquals(17L, rest.get(0));
        assertEquals(100L, rest.get(rest.size() - 1));
        assertFalse(rest.contains(20L));
        assertEquals(100 - 16 - 1, rest.size());
    }

    @Test
    void restorePutsRemovedDeliveriesBackInTagOrder() {
        for (long t = 1; t <= 20; t++) {
            add(t);
        }
        List<UnackedLog.Removed> removed = new ArrayList<>();
        UnackedLog.Sink keep = (tag, queue, consumer, entry) -> removed.add(new UnackedLog.Removed(tag, queue,
                consumer, entry));
        log.remove(3, keep);
        log.removeUpTo(6, keep); // 1 2 4 5 6
        log.remove(17, keep);
        removed.sort(java.util.Comparator.comparingLong(UnackedLog.Removed::tag));
        add(21);

        log.restore(removed);

        assertEquals(21, log.size());
        assertEquals(21, queue.unackedCount(), "removed and restored deliveries are counted once");
        assertTrue(log.contains(3));
        assertTrue(log.contains(17));
        assertEquals(21, log.removeAll(sink));
        List<Long> all = takeSettled();
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i + 1L, all.get(i));
        }
    }

    private List<Long> upTo(long tag) {
        log.removeUpTo(tag, sink);
        return takeSettled();
    }

    @Test
    void randomOperationsMatchATreeMapModel() {
        long seed = System.nanoTime();
        System.out.println("UnackedLogTest.randomOperationsMatchATreeMapModel seed=" + seed);
        Random random = new Random(seed);
        TreeMap<Long, Boolean> model = new TreeMap<>();
        long nextTag = 1;
        for (int step = 0; step < 20_000; step++) {
            int op = random.nextInt(100);
            String where = "seed " + seed + " step " + step;
            if (op < 45) {
                nextTag += 1 + (random.nextInt(10) == 0 ? random.nextInt(5) : 0);
                add(nextTag);
                model.put(nextTag, true);
            } else if (op < 75) {
                long tag = randomTag(random, model, nextTag);
                boolean expected = model.remove(tag) != null;
                assertEquals(expected, log.remove(tag, sink), where);
                assertEquals(expected ? List.of(tag) : List.of(), takeSettled(), where);
            } else if (op < 85) {
                long tag = randomTag(random, model, nextTag);
                List<Long> expected = new ArrayList<>(model.headMap(tag, true).keySet());
                model.headMap(tag, true).clear();
                assertEquals(expected.size(), log.removeUpTo(tag, sink), where);
                assertEquals(expected, takeSettled(), where);
            } else if (op < 86) {
                List<Long> expected = new ArrayList<>(model.keySet());
                model.clear();
                assertEquals(expected.size(), log.removeAll(sink), where);
                assertEquals(expected, takeSettled(), where);
            } else {
                long tag = randomTag(random, model, nextTag);
                assertEquals(model.containsKey(tag), log.contains(tag), where + " contains " + tag);
            }
            assertEquals(model.size(), log.size(), where);
            assertEquals(model.size(), queue.unackedCount(), where + ": the queue's messages_unacknowledged");
        }
        List<Long> expected = new ArrayList<>(model.keySet());
        log.removeAll(sink);
        assertEquals(expected, takeSettled(), "seed " + seed);
    }

    /** Mostly outstanding tags, sometimes settled, unissued or out-of-range ones. */
    private static long randomTag(Random random, TreeMap<Long, Boolean> model, long nextTag) {
        if (!model.isEmpty() && random.nextInt(4) != 0) {
            long lo = model.firstKey();
            long hi = model.lastKey();
            Long t = model.ceilingKey(lo + (long) (random.nextDouble() * (hi - lo + 1)));
            return t == null ? hi : t;
        }
        return random.nextInt((int) Math.min(Integer.MAX_VALUE, nextTag + 3));
    }
}
