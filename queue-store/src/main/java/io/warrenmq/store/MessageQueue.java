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
 * <p>Paging: with a {@link Pager}, at most {@code window} fresh entries stay in memory. Behind
 * them, entries whose message is in the durable store are kept only as ids ({@link PagedIds}) and
 * their message buffers released; as the window drains, they are read back in batches. Entries
 * that are not stored stay in memory in their place. Order is always kept.
 *
 * <p>Thread-safety: none; owned by the queue's thread.
 */
public final class MessageQueue {
    /** Reads a paged-out entry back; null if it can no longer be read (reported by the pager). */
    public interface Pager {
        QueueEntry load(long idWithFlags, int bodySize);

        /** Whether a stored entry may leave memory now (else it stays in memory, in its place). */
        boolean canPage(long id);

        /**
         * Writes an unstored (transient) entry out so it can leave memory; returns the id to load
         * it back with, or -1 to keep it in memory.
         */
        default long pageOut(QueueEntry entry) {
            return -1;
        }
    }

    /** Set in a paged id of a transient message written out only to save memory. */
    public static final long TRANSIENT_FLAG = 1L << 61;
    /**
     * Unstored entries kept in memory behind paged ones before they are written out too.
     * why: paging transient messages costs a disk write each; short bursts should not pay it.
     */
    private static final int TRANSIENT_IN_MEMORY = 16_384;

    /** Set in a paged id when the entry had been delivered before. */
    public static final long REDELIVERED_FLAG = 1L << 62;
    private static final long ID_MASK = TRANSIENT_FLAG - 1;
    private static final int REFILL_BATCH = 256;

    // why the small initial sizes here: an idle queue's empty structures are most of what it costs;
    // they double as they fill (QueueMemoryBenchmark, docs/benchmarks.md)
    private final ArrayDeque<QueueEntry> fresh = new ArrayDeque<>(1);
    private final PagedIds paged = new PagedIds();
    /** Unstored entries that arrived behind paged ones, in order (placeholders in {@code paged}). */
    private final ArrayDeque<QueueEntry> pinned = new ArrayDeque<>(1);
    private final Pager pager;
    private final int window;
    /** Higher priority first, then the original position (all priorities are 0 in a plain queue). */
    private final PriorityQueue<QueueEntry> requeued = new PriorityQueue<>(1, (a, b) -> a.priority() != b.priority()
            ? Integer.compare(b.priority(), a.priority()) : Long.compare(a.sequence(), b.sequence()));
    /** A priority queue's fresh entries, one FIFO per level; null for a plain queue. */
    private final ArrayDeque<QueueEntry>[] levels;
    private long nextSequence;
    private long bytes;
    /** Body octets of the entries held only as ids (paged out), part of {@code bytes}. */
    private long pagedOutBytes;
    /**
     * Whether to count persistent entries (a durable queue's: there a persistent message is always
     * stored, so it is never paged out as a transient copy that would come back non-persistent).
     */
    private boolean countsPersistent;
    private int persistentCount;
    private long persistentBytes;

    /** An unpaged queue: everything stays in memory. */
    public MessageQueue() {
        this(null, Integer.MAX_VALUE);
    }

    public MessageQueue(Pager pager, int window) {
        this.pager = pager;
        this.window = window;
        this.levels = null;
    }

    /**
     * A priority queue (x-max-priority): entries leave highest priority first, FIFO within a
     * level; entries carry their level ({@link QueueEntry#priority()}). Not paged.
     */
    @SuppressWarnings("unchecked")
    public static MessageQueue withPriorities(int maxPriority) {
        return new MessageQueue(maxPriority);
    }

    @SuppressWarnings("unchecked")
    private MessageQueue(int maxPriority) {
        this.pager = null;
        this.window = Integer.MAX_VALUE;
        this.levels = new ArrayDeque[maxPriority + 1];
        for (int i = 0; i <= maxPriority; i++) {
            levels[i] = new ArrayDeque<>(1);
        }
    }

    /**
     * From now on, count persistent entries ({@link #persistentCount()}): for a durable queue, before
     * anything is appended. Why opt in: a non-durable queue's persistent message paged out comes back
     * flagged transient, so its count would drift; RabbitMQ reports none for such queues anyway.
     */
    public void countPersistent() {
        countsPersistent = true;
    }

    private void persistent(QueueEntry e, int sign) {
        if (countsPersistent && e.message().persistent()) {
            persistentCount += sign;
            persistentBytes += sign * (long) e.message().bodySize();
        }
    }

    /** The highest non-empty level's FIFO, or {@code fresh} for a plain queue. */
    private ArrayDeque<QueueEntry> freshHead() {
        if (levels == null) {
            return fresh;
        }
        for (int i = levels.length - 1; i >= 0; i--) {
            if (!levels[i].isEmpty()) {
                return levels[i];
            }
        }
        return fresh;
    }

    /** Whether the requeued heap's head goes before the fresh head. */
    private boolean requeuedFirst(ArrayDeque<QueueEntry> freshHead) {
        QueueEntry r = requeued.peek();
        if (r == null) {
            return false;
        }
        QueueEntry f = freshHead.peekFirst();
        return f == null || r.priority() >= f.priority();
    }

    /** Appends a newly published entry (takes ownership). */
    public void append(QueueEntry entry) {
        entry.sequence(nextSequence++);
        int size = entry.message().bodySize();
        bytes += size;
        persistent(entry, 1);
        if (levels != null) {
            levels[Math.min(Math.max(entry.priority(), 0), levels.length - 1)].addLast(entry);
        } else if (pager == null || (paged.isEmpty() && fresh.size() < window)) {
            fresh.addLast(entry);
        } else if (entry.storeId() >= 0 && pager.canPage(entry.storeId())) {
            paged.add(entry.storeId() | (entry.redelivered() ? REDELIVERED_FLAG : 0), size);
            pagedOutBytes += size;
            entry.release();
        } else {
            long id = entry.storeId() < 0 && pinned.size() >= TRANSIENT_IN_MEMORY ? pager.pageOut(entry) : -1;
            if (id >= 0) {
                paged.add(id | TRANSIENT_FLAG | (entry.redelivered() ? REDELIVERED_FLAG : 0), size);
                pagedOutBytes += size;
                entry.release();
            } else {
                paged.add(PagedIds.IN_MEMORY, size);
                pinned.addLast(entry);
            }
        }
    }

    /**
     * Appends a stored entry by id only (recovery): nothing is read until it reaches the window.
     * {@code idWithFlags} may carry {@link #REDELIVERED_FLAG}.
     */
    public void appendStored(long idWithFlags, int bodySize) {
        if (pager == null) {
            throw new IllegalStateException("not a paged queue");
        }
        nextSequence++;
        bytes += bodySize;
        pagedOutBytes += bodySize;
        if (countsPersistent && (idWithFlags & TRANSIENT_FLAG) == 0) {
            persistentCount++;
            persistentBytes += bodySize;
        }
        paged.add(idWithFlags, bodySize);
    }

    /** Entries kept only as ids, not in memory. */
    public int pagedOut() {
        return paged.size() - pinned.size();
    }

    /** Moves paged entries back into the window, reading stored ones. */
    private void refill() {
        for (int n = 0; n < REFILL_BATCH && !paged.isEmpty(); n++) {
            long id = paged.peekId();
            int size = paged.peekSize();
            paged.remove();
            QueueEntry e;
            if (id == PagedIds.IN_MEMORY) {
                e = pinned.pollFirst();
            } else {
                pagedOutBytes -= size;
                e = pager.load(id, size);
                boolean countedPersistent = countsPersistent && (id & TRANSIENT_FLAG) == 0;
                if (e == null) {
                    bytes -= size;
                    if (countedPersistent) {
                        persistentCount--;
                        persistentBytes -= size;
                    }
                    continue;
                }
                e.storeId(id & ID_MASK);
                if ((id & REDELIVERED_FLAG) != 0) {
                    e.markRedelivered();
                }
                int actual = e.message().bodySize();
                bytes += actual - size;
                if (countedPersistent) {
                    // counted by its stored size until now; from here on its message says
                    persistentCount--;
                    persistentBytes -= size;
                    persistent(e, 1);
                }
            }
            e.sequence(nextSequence++);
            fresh.addLast(e);
        }
    }

    /** Puts a delivered entry back at its original position, marked redelivered. */
    public void requeue(QueueEntry entry) {
        entry.markRedelivered();
        requeued.add(entry);
        bytes += entry.message().bodySize();
        persistent(entry, 1);
    }

    /** The next entry in queue order, or null when empty. */
    public QueueEntry poll() {
        if (requeued.isEmpty() && fresh.isEmpty() && !paged.isEmpty()) {
            refill();
        }
        ArrayDeque<QueueEntry> head = freshHead();
        QueueEntry e = requeuedFirst(head) ? requeued.poll() : head.pollFirst();
        if (e != null) {
            bytes -= e.message().bodySize();
            persistent(e, -1);
        }
        return e;
    }

    /**
     * Removes and returns the first in-memory entry, in the order {@link #poll()} would hand them
     * out, that {@code match} accepts, looking at no more than {@code limit} entries; null when none
     * of those does. Paged-out entries are not looked at (they would have to be read back). For a
     * consumer that takes only some messages (a JMS selector) while the head is for others.
     */
    public QueueEntry takeFirst(java.util.function.Predicate<QueueEntry> match, int limit) {
        int looked = 0;
        QueueEntry bestRequeued = null;
        for (QueueEntry e : requeued) {
            if (looked++ >= limit) {
                break;
            }
            if (requeued.comparator().compare(e, bestRequeued == null ? e : bestRequeued) <= 0 && match.test(e)) {
                bestRequeued = e;
            }
        }
        QueueEntry bestFresh = null;
        java.util.Iterator<QueueEntry> from = null;
        if (levels == null) {
            for (java.util.Iterator<QueueEntry> it = fresh.iterator(); it.hasNext() && looked < limit; looked++) {
                QueueEntry e = it.next();
                if (match.test(e)) {
                    bestFresh = e;
                    from = it;
                    break;
                }
            }
        } else {
            for (int i = levels.length - 1; i >= 0 && bestFresh == null; i--) {
                for (java.util.Iterator<QueueEntry> it = levels[i].iterator(); it.hasNext() && looked < limit; looked++) {
                    QueueEntry e = it.next();
                    if (match.test(e)) {
                        bestFresh = e;
                        from = it;
                        break;
                    }
                }
            }
        }
        QueueEntry taken;
        // a requeued entry goes first unless the fresh one has a higher priority (as requeuedFirst)
        if (bestRequeued != null && (bestFresh == null || bestRequeued.priority() >= bestFresh.priority())) {
            requeued.remove(bestRequeued);
            taken = bestRequeued;
        } else if (bestFresh != null) {
            from.remove();
            taken = bestFresh;
        } else {
            return null;
        }
        bytes -= taken.message().bodySize();
        persistent(taken, -1);
        return taken;
    }

    public QueueEntry peek() {
        if (requeued.isEmpty() && fresh.isEmpty() && !paged.isEmpty()) {
            refill();
        }
        return peekLoaded();
    }

    /**
     * The head as {@link #peek()} sees it, but only if it is in memory: null when the queue is
     * empty or its head is paged out (nothing is read back for a look).
     */
    public QueueEntry peekLoaded() {
        ArrayDeque<QueueEntry> head = freshHead();
        return requeuedFirst(head) ? requeued.peek() : head.peekFirst();
    }

    public int size() {
        int n = fresh.size() + requeued.size() + paged.size();
        if (levels != null) {
            for (ArrayDeque<QueueEntry> level : levels) {
                n += level.size();
            }
        }
        return n;
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /** Sum of the ready messages' body sizes. */
    public long bytes() {
        return bytes;
    }

    /** Body octets of the ready entries held only as ids, not in memory (part of {@link #bytes()}). */
    public long pagedOutBytes() {
        return pagedOutBytes;
    }

    /** Ready entries with a persistent message, once {@link #countPersistent()} was called; else 0. */
    public int persistentCount() {
        return persistentCount;
    }

    /** Body octets of those entries. */
    public long persistentBytes() {
        return persistentBytes;
    }

    /**
     * Removes every ready entry, handing each in-memory one to {@code sink}; paged-out ids are
     * dropped without being read (why: purge and delete clear the store by queue). Returns how
     * many entries were removed.
     */
    public int drain(Consumer<QueueEntry> sink) {
        int n = paged.size() - pinned.size();
        paged.clear();
        for (QueueEntry e; (e = pinned.pollFirst()) != null; n++) {
            sink.accept(e);
        }
        for (QueueEntry e; (e = requeued.isEmpty() ? fresh.pollFirst() : requeued.poll()) != null; n++) {
            sink.accept(e);
        }
        if (levels != null) {
            for (ArrayDeque<QueueEntry> level : levels) {
                for (QueueEntry e; (e = level.pollFirst()) != null; n++) {
                    sink.accept(e);
                }
            }
        }
        bytes = 0;
        pagedOutBytes = 0;
        persistentCount = 0;
        persistentBytes = 0;
        return n;
    }
}
