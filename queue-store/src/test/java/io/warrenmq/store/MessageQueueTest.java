package io.warrenmq.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageQueueTest {

    private static QueueEntry entry(String body) {
        return new QueueEntry(new Message("", "q", Unpooled.EMPTY_BUFFER,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), false));
    }

    private static String body(QueueEntry e) {
        return e.message().body().toString(StandardCharsets.UTF_8);
    }

    @Test
    void pollsInPublishOrder() {
        MessageQueue q = new MessageQueue();
        q.append(entry("a"));
        q.append(entry("b"));
        q.append(entry("c"));
        assertEquals(3, q.size());
        assertEquals(3, q.bytes());
        assertEquals("a", body(q.poll()));
        assertEquals("b", body(q.poll()));
        assertEquals("c", body(q.poll()));
        assertNull(q.poll());
        assertEquals(0, q.bytes());
    }

    @Test
    void requeuedEntriesReturnToTheirOriginalPositionMarkedRedelivered() {
        MessageQueue q = new MessageQueue();
        for (String s : List.of("a", "b", "c", "d", "e")) {
            q.append(entry(s));
        }
        QueueEntry a = q.poll();
        QueueEntry b = q.poll();
        QueueEntry c = q.poll();
        q.requeue(c);
        q.requeue(a);
        assertEquals(4, q.size());
        List<String> order = new ArrayList<>();
        List<Boolean> redelivered = new ArrayList<>();
        q.drain(e -> {
            order.add(body(e));
            redelivered.add(e.redelivered());
        });
        assertEquals(List.of("a", "c", "d", "e"), order);
        assertEquals(List.of(true, true, false, false), redelivered);
        assertTrue(q.isEmpty());
        assertFalse(b.redelivered());
    }

    @Test
    void lastReleaseFreesTheBuffers() {
        Message m = new Message("x", "k", Unpooled.buffer(4).writeInt(1), Unpooled.buffer(4).writeInt(2), true);
        m.retain();
        QueueEntry e1 = new QueueEntry(m);
        QueueEntry e2 = new QueueEntry(m);
        e1.release();
        assertEquals(1, m.body().refCnt());
        e2.release();
        assertEquals(0, m.body().refCnt());
        assertEquals(0, m.properties().refCnt());
    }

    @Test
    void takeFirstRemovesTheEarliestMatchInPollOrderAndLeavesTheRest() {
        MessageQueue q = new MessageQueue();
        for (String s : List.of("red1", "blue1", "red2", "blue2")) {
            q.append(entry(s));
        }
        assertEquals("blue1", body(q.takeFirst(e -> body(e).startsWith("blue"), 100)));
        assertEquals(3, q.size());
        assertEquals(13, q.bytes()); // red1, red2, blue2
        assertNull(q.takeFirst(e -> body(e).startsWith("green"), 100));
        assertNull(q.takeFirst(e -> body(e).equals("blue2"), 2), "beyond the limit of entries looked at");
        assertEquals("red1", body(q.poll()), "the others keep their order");
        // a requeued entry is found at its original place, before fresh ones
        QueueEntry red2 = q.poll();
        q.requeue(red2);
        assertEquals("red2", body(q.takeFirst(e -> body(e).startsWith("red") || body(e).startsWith("blue"), 100)));
        assertEquals("blue2", body(q.poll()));
        assertTrue(q.isEmpty());
        assertEquals(0, q.bytes());
    }

    @Test
    void takeFirstInAPriorityQueueLooksAtHigherLevelsFirst() {
        MessageQueue q = MessageQueue.withPriorities(5);
        QueueEntry low = entry("low-blue");
        low.priority(0);
        QueueEntry high = entry("high-blue");
        high.priority(5);
        QueueEntry other = entry("high-red");
        other.priority(5);
        q.append(low);
        q.append(other);
        q.append(high);
        assertEquals("high-blue", body(q.takeFirst(e -> body(e).endsWith("blue"), 100)));
        assertEquals("low-blue", body(q.takeFirst(e -> body(e).endsWith("blue"), 100)));
        assertEquals("high-red", body(q.poll()));
        assertTrue(q.isEmpty());
    }
}
