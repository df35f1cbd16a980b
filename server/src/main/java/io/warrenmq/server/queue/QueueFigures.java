package io.warrenmq.server.queue;

import io.warrenmq.store.MessageQueue;
import io.warrenmq.store.QueueEntry;
import java.util.concurrent.atomic.LongAdder;

/**
 * What other threads (the management API, the metrics, the testkit) read about one queue: its ready
 * and unacknowledged messages and bytes, the persistent ones among them, and an estimate of its
 * memory. The queue's loop publishes the ready figures at the end of each batch; the channels'
 * loops change the unacknowledged ones as deliveries enter and leave their unacked logs.
 *
 * <p>Thread-safety: {@link #publish} on the queue's loop only; {@link #unackedChanged} from any
 * channel loop (striped {@link LongAdder}s, so consumers on different loops do not contend on one
 * cache line); the getters from any thread.
 */
final class QueueFigures {
    /*
     * The estimate's fixed costs, from the objects' layouts on a 64-bit JVM with compressed oops: a
     * QueueEntry, its Message and the properties and body buffers' objects come to about 200 bytes
     * (plus the properties' own bytes, often under 50); a paged-out id is a long and an int in
     * PagedIds' blocks; an empty queue with its mailbox, consumer ring, maps and arguments about 4 KB.
     */
    private static final int ENTRY_BYTES = 256;
    private static final int PAGED_ID_BYTES = 12;
    private static final int QUEUE_BYTES = 4096;

    /** Whether persistent messages count as such here (a durable queue's, as RabbitMQ counts them). */
    private final boolean countsPersistent;

    private volatile int readyCount;
    private volatile long readyBytes;
    /*
     * The rest of the ready figures: plain fields written just before the volatile readyCount and
     * read just after it, so the volatile pair publishes them (why not volatile each: five fenced
     * writes per batch on the message path for figures read every 5 s).
     */
    private int persistentReady;
    private long persistentReadyBytes;
    private int inMemoryEntries;
    private int pagedOut;
    private long inMemoryBodyBytes;

    /** The unacknowledged counts, made by the first delivery: an idle queue has none (four adders, 128 B). */
    private static final class Unacked {
        final LongAdder count = new LongAdder();
        final LongAdder bytes = new LongAdder();
        final LongAdder persistent = new LongAdder();
        final LongAdder persistentBytes = new LongAdder();
    }

    private volatile Unacked unacked;

    private Unacked unacked() {
        Unacked u = unacked;
        if (u == null) {
            synchronized (this) {
                if (unacked == null) {
                    unacked = new Unacked();
                }
                u = unacked;
            }
        }
        return u;
    }

    QueueFigures(boolean countsPersistent) {
        this.countsPersistent = countsPersistent;
    }

    /** Queue's loop: the ready figures as {@code messages} holds them now. */
    void publish(MessageQueue messages) {
        int size = messages.size();
        persistentReady = messages.persistentCount();
        persistentReadyBytes = messages.persistentBytes();
        pagedOut = messages.pagedOut();
        inMemoryEntries = size - pagedOut;
        inMemoryBodyBytes = messages.bytes() - messages.pagedOutBytes();
        readyBytes = messages.bytes();
        readyCount = size;
    }

    /** Channel loops: {@code delta} deliveries of {@code entry}'s size became (or stopped being) unacknowledged. */
    void unackedChanged(int delta, QueueEntry entry) {
        long bodyBytes = delta * (long) entry.message().bodySize();
        Unacked u = unacked();
        u.count.add(delta);
        u.bytes.add(bodyBytes);
        if (countsPersistent && entry.message().persistent()) {
            u.persistent.add(delta);
            u.persistentBytes.add(bodyBytes);
        }
    }

    int readyCount() {
        return readyCount;
    }

    long readyBytes() {
        return readyBytes;
    }

    long unackedCount() {
        Unacked u = unacked;
        return u == null ? 0 : u.count.sum();
    }

    long unackedBytes() {
        Unacked u = unacked;
        return u == null ? 0 : u.bytes.sum();
    }

    long persistentCount() {
        int ignored = readyCount; // the volatile read that publishes the plain figures
        Unacked u = unacked;
        return persistentReady + (u == null ? 0 : u.persistent.sum());
    }

    long persistentBytes() {
        int ignored = readyCount;
        Unacked u = unacked;
        return persistentReadyBytes + (u == null ? 0 : u.persistentBytes.sum());
    }

    /**
     * The bodies of the in-memory ready entries and of the unacknowledged deliveries, a fixed cost
     * per entry and per paged-out id, and a fixed cost for the queue itself.
     */
    long memoryEstimate() {
        int ignored = readyCount;
        long inMemory = inMemoryEntries + unackedCount();
        return QUEUE_BYTES + inMemory * ENTRY_BYTES + pagedOut * (long) PAGED_ID_BYTES + inMemoryBodyBytes
                + unackedBytes();
    }
}
