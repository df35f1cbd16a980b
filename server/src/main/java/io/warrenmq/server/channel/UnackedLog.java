package io.warrenmq.server.channel;

import io.warrenmq.server.clock.BrokerClock;
import io.warrenmq.server.queue.Consumer;
import io.warrenmq.server.queue.Queue;
import io.warrenmq.store.QueueEntry;

/**
 * A channel's unacknowledged deliveries, in delivery-tag order.
 *
 * <p>Delivery tags only grow, so entries live in a ring buffer in tag order; an ack finds its
 * tag by binary search and leaves a hole, and holes at the head are skipped. Acks usually come
 * in order, so the common case is O(1) and allocation-free; {@code multiple} acks settle a
 * prefix. Consumer is null for basic.get deliveries.
 *
 * <p>why parallel arrays: no object per delivery beyond the queue entry itself.
 *
 * <p>Thread-safety: confined to the channel's event loop.
 */
final class UnackedLog {
    /** Receives each settled delivery. */
    interface Sink {
        void accept(long tag, Queue queue, Consumer consumer, QueueEntry entry);
    }

    private long[] tags = new long[16];
    /** When each delivery was written (epoch millis), for the consumer acknowledgement timeout. */
    private long[] times = new long[16];
    private Queue[] queues = new Queue[16];
    private Consumer[] consumers = new Consumer[16];
    private QueueEntry[] entries = new QueueEntry[16];
    private int head;
    private int length;
    private int live;
    /** Where delivery times come from: the broker's clock. */
    private final BrokerClock clock;

    UnackedLog(BrokerClock clock) {
        this.clock = clock;
    }

    void add(long tag, Queue queue, Consumer consumer, QueueEntry entry) {
        if (length == tags.length) {
            grow();
        }
        int i = (head + length) & (tags.length - 1);
        tags[i] = tag;
        times[i] = clock.currentTimeMillis();
        queues[i] = queue;
        consumers[i] = consumer;
        entries[i] = entry;
        length++;
        live++;
        queue.unackedChanged(1, entry);
    }

    int size() {
        return live;
    }

    /** When the oldest outstanding delivery was written (epoch millis); only when size() > 0. */
    long oldestTime() {
        return times[head];
    }

    /** Removes one tag; false if it is not outstanding. */
    boolean remove(long tag, Sink sink) {
        int pos = find(tag);
        if (pos < 0) {
            return false;
        }
        int i = (head + pos) & (tags.length - 1);
        sink.accept(tags[i], queues[i], consumers[i], entries[i]);
        clear(i);
        trimHead();
        return true;
    }

    /** Whether the tag is outstanding. */
    boolean contains(long tag) {
        return find(tag) >= 0;
    }

    /** Removes every outstanding tag up to and including {@code tag}; returns how many. */
    int removeUpTo(long tag, Sink sink) {
        int n = 0;
        while (length > 0) {
            int i = head;
            if (tags[i] > tag) {
                break;
            }
            if (entries[i] != null) {
                sink.accept(tags[i], queues[i], consumers[i], entries[i]);
                clear(i);
                n++;
            }
            head = (head + 1) & (tags.length - 1);
            length--;
        }
        return n;
    }

    /** Removes everything, in tag order. */
    int removeAll(Sink sink) {
        return removeUpTo(Long.MAX_VALUE, sink);
    }

    /**
     * Puts back deliveries removed earlier (a rolled-back transaction's acks), keeping tag order.
     * Each element is {tag, queue, consumer, entry} as the sink received them; they must be
     * sorted by tag. O(outstanding): rollback is rare.
     */
    void restore(java.util.List<Removed> removed) {
        if (removed.isEmpty()) {
            return;
        }
        java.util.List<Removed> current = new java.util.ArrayList<>(live);
        removeAll((tag, q, c, e) -> current.add(new Removed(tag, q, c, e)));
        head = 0;
        length = 0;
        live = 0;
        int i = 0;
        int j = 0;
        while (i < current.size() || j < removed.size()) {
            Removed next = j >= removed.size() || (i < current.size() && current.get(i).tag() < removed.get(j).tag())
                    ? current.get(i++) : removed.get(j++);
            add(next.tag(), next.queue(), next.consumer(), next.entry());
        }
    }

    /** A delivery taken out of the log, as a value. */
    record Removed(long tag, Queue queue, Consumer consumer, QueueEntry entry) {
    }

    private void clear(int i) {
        queues[i].unackedChanged(-1, entries[i]);
        entries[i] = null;
        queues[i] = null;
        consumers[i] = null;
        live--;
    }

    private void trimHead() {
        while (length > 0 && entries[head] == null) {
            head = (head + 1) & (tags.length - 1);
            length--;
        }
    }

    /** Position (0..length) of a live tag, or -1. */
    private int find(long tag) {
        int lo = 0;
        int hi = length - 1;
        int mask = tags.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long t = tags[(head + mid) & mask];
            if (t < tag) {
                lo = mid + 1;
            } else if (t > tag) {
                hi = mid - 1;
            } else {
                return entries[(head + mid) & mask] == null ? -1 : mid;
            }
        }
        return -1;
    }

    private void grow() {
        int n = tags.length;
        long[] t = new long[n * 2];
        long[] tm = new long[n * 2];
        Queue[] q = new Queue[n * 2];
        Consumer[] c = new Consumer[n * 2];
        QueueEntry[] e = new QueueEntry[n * 2];
        for (int k = 0; k < length; k++) {
            int i = (head + k) & (n - 1);
            t[k] = tags[i];
            tm[k] = times[i];
            q[k] = queues[i];
            c[k] = consumers[i];
            e[k] = entries[i];
        }
        tags = t;
        times = tm;
        queues = q;
        consumers = c;
        entries = e;
        head = 0;
    }
}
