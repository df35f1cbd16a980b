package io.warrenmq.store;

import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * The ready messages of one queue, in queue order.
 *
 * <p>New messages append to a FIFO. A requeued message (nack, reject, a closed channel) goes
 * back to its original position, as in RabbitMQ: every requeued entry was delivered before any
 * entry still in the FIFO, so requeued entries sit in a small heap ordered by sequence number
 * and are always taken before the FIFO's head.
 *
 * <p>Thread-safety: none; owned by the queue's thread.
 */
public final class MessageQueue {
    private final ArrayDeque<QueueEntry> fresh = new ArrayDeque<>();
    private final PriorityQueue<QueueEntry> requeued =
            new PriorityQueue<>((a, b) -> Long.compare(a.sequence(), b.sequence()));
    private long nextSequence;
    private long bytes;

    /** Appends a newly published entry. */
    public void append(QueueEntry entry) {
        entry.sequence(nextSequence++);
        fresh.addLast(entry);
        bytes += entry.message().bodySize();
    }

    /** Puts a delivered entry back at its original position, marked redelivered. */
    public void requeue(QueueEntry entry) {
        entry.markRedelivered();
        requeued.add(entry);
        bytes += entry.message().bodySize();
    }

    /** The next entry in queue order, or null when empty. */
    public QueueEntry poll() {
        QueueEntry e = requeued.isEmpty() ? fresh.pollFirst() : requeued.poll();
        if (e != null) {
            bytes -= e.message().bodySize();
        }
        return e;
    }

    public QueueEntry peek() {
        return requeued.isEmpty() ? fresh.peekFirst() : requeued.peek();
    }

    public int size() {
        return fresh.size() + requeued.size();
    }

    public boolean isEmpty() {
        return fresh.isEmpty() && requeued.isEmpty();
    }

    /** Sum of the ready messages' body sizes. */
    public long bytes() {
        return bytes;
    }

    /** Removes every ready entry, handing each to {@code sink}; returns how many. */
    public int drain(Consumer<QueueEntry> sink) {
        int n = 0;
        for (QueueEntry e; (e = poll()) != null; n++) {
            sink.accept(e);
        }
        return n;
    }
}
