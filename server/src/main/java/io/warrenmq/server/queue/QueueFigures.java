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

    private final LongAdder unacked = new LongAdder();
    private final LongAdder unackedBytes = new LongAdder();
    private final LongAdder unackedPersistent = new LongAdder();
    private final LongAdder unackedPersistentBytes = new LongAdder();

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
        unacked.add(delta);
        unackedBytes.add(bodyBytes);
        if (countsPersistent && entry.message().persistent()) {
            unackedPersistent.add(delta);
            unackedPersistentBytes.add(bodyBytes);
        }
    }

    int readyCount() {
        return readyCount;
    }

    long readyBytes() {
        return readyBytes;
    }

    long unackedCount() {
        return unacked.sum();
    }

    long unackedBytes() {
        return unackedBytes.sum();
    }

    long persistentCount() {
        int ignored = readyCount; // the volatile read that publishes the plain figures
        return persistentReady + unackedPersistent.sum();
    }

    long persistentBytes() {
        int ignored = readyCount;
        return persistentReadyBytes + unackedPersistentBytes.sum();
    }

    /**
     * The bodies of the in-memory ready entries and of the unacknowledged deliveries, a fixed cost
     * per entry and per paged-out id, and a fixed cost for the queue itself.
     */
    long memoryEstimate() {
        int ignored = readyCount;
        long inMemory = inMemoryEntries + unacked.sum();
        return QUEUE_BYTES + inMemory * ENTRY_BYTES + pagedOut * (long) PAGED_ID_BYTES + inMemoryBodyBytes
                + unackedBytes.sum();
    }
}
