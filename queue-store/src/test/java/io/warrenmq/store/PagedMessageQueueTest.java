package io.warrenmq.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A paged queue keeps a window in memory and the rest as ids, always in order. */
class PagedMessageQueueTest {
    /** A stand-in for the durable store: bodies by id, with a count of reads. */
    private final Map<Long, String> disk = new HashMap<>();
    private final Set<Long> unwritten = new HashSet<>();
    private int loads;

    private final MessageQueue.Pager pager = new MessageQueue.Pager() {
        @Override
        public QueueEntry load(long idWithFlags, int bodySize) {
            long id = idWithFlags & ~(MessageQueue.REDELIVERED_FLAG | MessageQueue.TRANSIENT_FLAG);
            String body = disk.get(id);
            if (body == null) {
                return null;
            }
            loads++;
            return new QueueEntry(message(body));
        }

        @Override
        public boolean canPage(long id) {
            return !unwritten.contains(id);
        }

        @Override
        public long pageOut(QueueEntry entry) {
            long id = 1000 + disk.size();
            disk.put(id, entry.message().body().toString(StandardCharsets.UTF_8));
            pagedOutTransient++;
            return id;
        }
    };
    private int pagedOutTransient;

    private static Message message(String body) {
        return new Message("", "q", Unpooled.EMPTY_BUFFER, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), true);
    }

    private QueueEntry stored(long id, String body) {
        disk.put(id, body);
        QueueEntry e = new QueueEntry(message(body));
        e.storeId(id);
        return e;
    }

    private static QueueEntry transientEntry(String body) {
        return new QueueEntry(message(body));
    }

    private static List<String> drainBodies(MessageQueue q) {
        List<String> out = new ArrayList<>();
        for (QueueEntry e; (e = q.poll()) != null; ) {
            out.add(e.message().body().toString(StandardCharsets.UTF_8) + (e.redelivered() ? "*" : ""));
            e.release();
        }
        return out;
    }

    @Test
    void entriesBeyondTheWindowArePagedOutAndReadBackInOrder() {
        MessageQueue q = new MessageQueue(pager, 4);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            q.append(stored(i, "m" + i));
            expected.add("m" + i);
        }
        assertEquals(10, q.size());
        assertEquals(6, q.pagedOut());
        assertEquals(0, loads);
        assertEquals(expected, drainBodies(q));
        assertEquals(6, loads);
        assertTrue(q.isEmpty());
    }

    @Test
    void unstoredEntriesBehindPagedOnesKeepTheirPlace() {
        MessageQueue q = new MessageQueue(pager, 2);
        q.append(stored(1, "a"));
        q.append(stored(2, "b"));
        q.append(stored(3, "c"));
        q.append(transientEntry("t"));
        q.append(stored(4, "d"));
        assertEquals(2, q.pagedOut());
        assertEquals(List.of("a", "b", "c", "t", "d"), drainBodies(q));
    }

    @Test
    void manyTransientEntriesBehindPagedOnesAreWrittenOutTooInOrder() {
        MessageQueue q = new MessageQueue(pager, 1);
        q.append(stored(1, "s1"));
        q.append(stored(2, "s2"));
        List<String> expected = new ArrayList<>(List.of("s1", "s2"));
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            q.append(transientEntry("t" + i));
            expected.add("t" + i);
        }
        assertTrue(pagedOutTransient > 0, "beyond the in-memory allowance transient entries are written out");
        assertEquals(n + 2, q.size());
        assertEquals(expected, drainBodies(q));
    }

    @Test
    void entriesNotYetWrittenStayInMemory() {
        MessageQueue q = new MessageQueue(pager, 1);
        q.append(stored(1, "a"));
        unwritten.add(2L);
        q.append(stored(2, "b"));
        q.append(stored(3, "c"));
        assertEquals(1, q.pagedOut());
        assertEquals(List.of("a", "b", "c"), drainBodies(q));
    }

    @Test
    void recoveredIdsAreReadOnlyWhenTheyNearTheHeadWithTheirRedeliveredFlag() {
        MessageQueue q = new MessageQueue(pager, 2);
        disk.put(7L, "x");
        disk.put(8L, "y");
        q.appendStored(7L | MessageQueue.REDELIVERED_FLAG, 1);
        q.appendStored(8L, 1);
        assertEquals(0, loads);
        assertEquals(2, q.size());
        assertEquals(List.of("x*", "y"), drainBodies(q));
    }

    @Test
    void aMessageThatCannotBeReadIsSkipped() {
        MessageQueue q = new MessageQueue(pager, 1);
        q.append(stored(1, "a"));
        q.append(stored(2, "b"));
        q.append(stored(3, "c"));
        disk.remove(2L);
        assertEquals(List.of("a", "c"), drainBodies(q));
        assertEquals(0, q.bytes());
    }

    @Test
    void drainDropsPagedIdsWithoutReadingThem() {
        MessageQueue q = new MessageQueue(pager, 2);
        for (int i = 0; i < 6; i++) {
            q.append(stored(i, "m" + i));
        }
        List<QueueEntry> inMemory = new ArrayList<>();
        assertEquals(6, q.drain(inMemory::add));
        assertEquals(2, inMemory.size());
        inMemory.forEach(QueueEntry::release);
        assertEquals(0, loads);
        assertTrue(q.isEmpty());
        assertNull(q.poll());
        assertFalse(q.size() > 0);
    }

    @Test
    void persistentEntriesAreCountedThroughPagingRequeueAndDrain() {
        MessageQueue q = new MessageQueue(pager, 4);
        q.countPersistent();
        for (int i = 0; i < 10; i++) {
            q.append(stored(i, "p" + i)); // 2 bytes each; six of them beyond the window
        }
        QueueEntry notPersistent = new QueueEntry(new Message("", "q", Unpooled.EMPTY_BUFFER,
                Unpooled.copiedBuffer("t", StandardCharsets.UTF_8), false));
        q.append(notPersistent);
        assertEquals(10, q.persistentCount());
        assertEquals(20, q.persistentBytes());
        assertEquals(21, q.bytes());
        assertTrue(q.pagedOutBytes() > 0 && q.pagedOutBytes() < q.bytes(), "paged " + q.pagedOutBytes());

        int persistentLeft = 10;
        for (int i = 0; i < 6; i++) { // past the window: paged entries come back and are counted out
            QueueEntry e = q.poll();
            persistentLeft--;
            assertEquals(persistentLeft, q.persistentCount());
            if (i == 5) {
                q.requeue(e); // back in: counted again
                persistentLeft++;
                assertEquals(persistentLeft, q.persistentCount());
            } else {
                e.release();
            }
        }
        assertEquals(2 * persistentLeft, q.persistentBytes());
        q.drain(QueueEntry::release);
        assertEquals(0, q.persistentCount());
        assertEquals(0, q.persistentBytes());
        assertEquals(0, q.pagedOutBytes());
    }

    @Test
    void withoutCountingNothingIsCounted() {
        MessageQueue q = new MessageQueue(pager, 4);
        q.append(stored(1, "p1"));
        assertEquals(0, q.persistentCount());
        assertEquals(0, q.persistentBytes());
    }
}
