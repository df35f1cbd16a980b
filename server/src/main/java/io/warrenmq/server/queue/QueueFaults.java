package io.warrenmq.server.queue;

import java.util.concurrent.TimeUnit;

/**
 * Faults a test asked this queue to inject into what is published to it (the testkit's
 * {@code Faults}): refuse the next N publishes (a publisher in confirm mode gets basic.nack), drop
 * the next N (confirmed as if taken, then lost: what a broker crash before the write would do), and
 * hold every publish for a while before it enters the queue (consumers and confirms see it late).
 * A queue without faults has none of this: its loop tests one null field per mailbox item.
 *
 * <p>Thread-safety: confined to the queue's loop (set through a task posted there).
 */
final class QueueFaults {
    /** What to do with one arriving publish. */
    enum Verdict { TAKE, NACK, DROP, DELAY }

    /** A publish held by a delay, posted back to the queue's mailbox when the delay is over. */
    record Delayed(Object item) {
    }

    private int nackNext;
    private int dropNext;
    private long delayNanos;

    QueueFaults(int nackNext, int dropNext, long delayNanos) {
        this.nackNext = nackNext;
        this.dropNext = dropNext;
        this.delayNanos = delayNanos;
    }

    /** The verdict on the next arriving publish; counts it against the faults that apply. */
    Verdict next() {
        if (nackNext > 0) {
            nackNext--;
            return Verdict.NACK;
        }
        if (dropNext > 0) {
            dropNext--;
            return Verdict.DROP;
        }
        return delayNanos > 0 ? Verdict.DELAY : Verdict.TAKE;
    }

    long delayNanos() {
        return delayNanos;
    }

    static final TimeUnit UNIT = TimeUnit.NANOSECONDS;
}
