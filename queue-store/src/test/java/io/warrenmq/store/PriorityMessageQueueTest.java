package io.warrenmq.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A priority queue: highest priority first, FIFO within a level, requeues back in their level. */
class PriorityMessageQueueTest {

    private static QueueEntry entry(String body, int priority) {
        QueueEntry e = new QueueEntry(new Message("", "q", Unpooled.EMPTY_BUFFER,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), false));
        e.priority(priority);
        return e;
    }

    private static List<String> drain(MessageQueue q) {
        List<String> out = new ArrayList<>();
        for (QueueEntry e; (e = q.poll()) != null; ) {
            out.add(e.message().body().toString(StandardCharsets.UTF_8));
            e.release();
        }
        return out;
    }

    @Test
    void higherPrioritiesLeaveFirstAndEachLevelIsFifo() {
        MessageQueue q = MessageQueue.withPriorities(5);
        q.append(entry("low1", 0));
        q.append(entry("high1", 5));
        q.append(entry("mid1", 2));
        q.append(entry("high2", 5));
        q.append(entry("low2", 0));
        q.append(entry("over", 9)); // above the maximum: treated as the maximum
        assertEquals(6, q.size());
        assertEquals(List.of("high1", "high2", "over", "mid1", "low1", "low2"), drain(q));
    }

    @Test
    void aRequeuedEntryGoesBackToItsPlaceInItsLevel() {
        MessageQueue q = MessageQueue.withPriorities(5);
        q.append(entry("high1", 5));
        q.append(entry("high2", 5));
        q.append(entry("low1", 1));
        QueueEntry high1 = q.poll();
        QueueEntry high2 = q.poll();
        QueueEntry low1 = q.poll();
        q.append(entry("high3", 5));
        q.requeue(low1);
        q.requeue(high2);
        assertEquals(List.of("high2", "high3", "low1"), drain(q));
        high1.release();
    }
}
