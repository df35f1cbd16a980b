package io.warrenmq.store;

import java.time.Duration;

/**
 * When the journal thread calls {@code force()}: BookKeeper's three group-commit triggers, as
 * pure logic over the pending-write counters and a clock reading passed in (so tests drive it
 * with made-up nanoseconds).
 *
 * <ol>
 *   <li>{@link Trigger#MAX_WAIT}: the oldest record waiting for durability (a publish) was
 *       handed over {@code maxWait} ago or more;</li>
 *   <li>{@link Trigger#THRESHOLD}: {@code maxPendingRecords} records or {@code maxPendingBytes}
 *       bytes are written but not yet forced;</li>
 *   <li>{@link Trigger#IDLE}: the hand-over queue is empty and a publish is waiting
 *       ({@code syncWhenIdle}): nobody else is coming to share this fsync, so do not wait.</li>
 * </ol>
 * Records nobody waits for ({@code REMOVE}, {@code DELIVERED}, {@code PURGE},
 * {@code DELETE_QUEUE}) are written at once but only forced by the next sync or, at the
 * latest, {@code lazyMaxWait} after the oldest of them ({@link Trigger#LAZY_MAX_WAIT}); so
 * after an OS crash at most that window of acks comes back (a kill -9 loses none: they are in
 * the page cache).
 *
 * <p>Thread-safety: immutable; {@link Pending} is owned by the journal thread.
 */
public record GroupCommitPolicy(Duration maxWait, int maxPendingRecords, long maxPendingBytes,
                                boolean syncWhenIdle, Duration lazyMaxWait) {

    /** Why the journal syncs now. */
    public enum Trigger { NONE, MAX_WAIT, THRESHOLD, IDLE, LAZY_MAX_WAIT }

    public GroupCommitPolicy {
        if (maxWait.isNegative() || lazyMaxWait.isNegative() || maxPendingRecords < 1 || maxPendingBytes < 1) {
            throw new IllegalArgumentException("invalid group commit policy");
        }
    }

    /** 1 ms max wait, 4096 records or 4 MiB, sync when idle, acks forced within 10 ms. */
    public static GroupCommitPolicy defaults() {
        return new GroupCommitPolicy(Duration.ofMillis(1), 4096, 4L << 20, true, Duration.ofMillis(10));
    }

    /** Decides whether to sync now; {@code queueEmpty}: nothing more is waiting to be written. */
    public Trigger decide(long nowNanos, Pending pending, boolean queueEmpty) {
        if (pending.durableRecords > 0) {
            if (nowNanos - pending.oldestDurableNanos >= maxWait.toNanos()) {
                return Trigger.MAX_WAIT;
            }
            if (queueEmpty && syncWhenIdle) {
                return Trigger.IDLE;
            }
        }
        if (pending.records() > 0) {
            if (pending.records() >= maxPendingRecords || pending.bytes >= maxPendingBytes) {
                return Trigger.THRESHOLD;
            }
        }
        if (pending.lazyRecords > 0 && nowNanos - pending.oldestLazyNanos >= lazyMaxWait.toNanos()) {
            return Trigger.LAZY_MAX_WAIT;
        }
        return Trigger.NONE;
    }

    /** Nanoseconds until a time trigger fires ({@link Long#MAX_VALUE} if nothing is pending). */
    public long nanosUntilDue(long nowNanos, Pending pending) {
        long due = Long.MAX_VALUE;
        if (pending.durableRecords > 0) {
            due = Math.min(due, pending.oldestDurableNanos + maxWait.toNanos() - nowNanos);
        }
        if (pending.lazyRecords > 0) {
            due = Math.min(due, pending.oldestLazyNanos + lazyMaxWait.toNanos() - nowNanos);
        }
        return Math.max(0, due);
    }

    /**
     * Records handed to the file since the last {@code force()}.
     *
     * <p>Thread-safety: none; owned by the journal thread.
     */
    public static final class Pending {
        int durableRecords;
        int lazyRecords;
        long bytes;
        long oldestDurableNanos;
        long oldestLazyNanos;

        /** A record someone waits for (a publish), handed over at {@code enqueuedNanos}. */
        public void addDurable(long enqueuedNanos, long recordBytes) {
            if (durableRecords++ == 0 || enqueuedNanos - oldestDurableNanos < 0) {
                oldestDurableNanos = enqueuedNanos;
            }
            bytes += recordBytes;
        }

        /** A record nobody waits for (an ack, a delivered mark). */
        public void addLazy(long enqueuedNanos, long recordBytes) {
            if (lazyRecords++ == 0 || enqueuedNanos - oldestLazyNanos < 0) {
                oldestLazyNanos = enqueuedNanos;
            }
            bytes += recordBytes;
        }

        /** Bytes written that no waiter asked for (a compaction copy). */
        public void addBytes(long recordBytes) {
            bytes += recordBytes;
        }

        public int records() {
            return durableRecords + lazyRecords;
        }

        public boolean isEmpty() {
            return durableRecords == 0 && lazyRecords == 0 && bytes == 0;
        }

        public void clear() {
            durableRecords = 0;
            lazyRecords = 0;
            bytes = 0;
        }
    }
}
