package io.warrenmq.server.clock;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.FutureTask;
import org.slf4j.LoggerFactory;

/**
 * A timer of a {@link VirtualClock}: the task, the loop that owns what it touches, and when it is due
 * in virtual time. It is the {@code Runnable} posted to that loop, so {@link #cancel} before it runs
 * keeps it from running (FutureTask's states), wherever it is waiting.
 *
 * <p>Thread-safety: {@code deadline} is read and written under the clock's lock; {@code run} on the
 * owning loop.
 */
final class VirtualTimer extends FutureTask<Void> {
    private final VirtualClock clock;
    private final EventExecutor loop;
    /** 0: one-shot; otherwise the fixed rate, in virtual nanoseconds. */
    private final long periodNanos;
    /** Breaks ties between equal deadlines: first armed, first run. */
    final long sequence;
    long deadlineNanos;

    VirtualTimer(VirtualClock clock, EventExecutor loop, Runnable task, long deadlineNanos, long periodNanos,
            long sequence) {
        super(task, null);
        this.clock = clock;
        this.loop = loop;
        this.deadlineNanos = deadlineNanos;
        this.periodNanos = periodNanos;
        this.sequence = sequence;
    }

    EventExecutor loop() {
        return loop;
    }

    @Override
    public void run() {
        if (periodNanos == 0) {
            super.run();
        } else if (runAndReset()) {
            clock.rearm(this, periodNanos);
        }
    }

    @Override
    protected void setException(Throwable t) {
        // why log: Netty's own scheduled tasks log what they throw; a FutureTask would keep it silently
        LoggerFactory.getLogger(VirtualClock.class).warn("a timer task failed", t);
        super.setException(t);
    }

    static int compare(VirtualTimer a, VirtualTimer b) {
        int c = Long.compare(a.deadlineNanos, b.deadlineNanos);
        return c != 0 ? c : Long.compare(a.sequence, b.sequence);
    }
}
