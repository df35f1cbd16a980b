package io.warrenmq.server.clock;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A clock that moves only when told: {@link #advance} jumps virtual time forward and fires, in
 * deadline order, every timer that falls due on the way, each on the event loop that armed it (the
 * loop that owns the queue or connection it touches: docs/architecture.md, "Threads"), so a test of
 * a one-hour TTL takes milliseconds.
 *
 * <p>When {@code advance} returns, what the timers did has happened: it waits after each deadline
 * until every broker loop is idle (all parked at once with no task queued), so mailbox work the timers posted (an expired
 * message dead-lettered into another queue, a queue deleted, a channel closed) is done, and timers
 * that work armed are fired too if they fall due before the target. What travels to a client over
 * the socket may still be on its way.
 *
 * <p>Wall-clock time starts at the real time of creation (or the instant given) and moves with
 * virtual time; {@link #nanoTime()} starts at 0.
 *
 * <p>Thread-safety: any thread may read the time or arm timers; {@code advance} runs one at a time
 * and must not be called on a broker event loop (it waits for them).
 */
public final class VirtualClock implements BrokerClock {
    /** How long advance waits for a loop to run what it was given before giving up. */
    private static final long LOOP_WAIT_SECONDS = 30;
    /** Attempts at finding the loops idle per deadline; each lets queued work run first. */
    private static final int MAX_SETTLE_ROUNDS = 64;

    private final long originMillis;
    private volatile long elapsedNanos;
    /** Guards {@code timers} and sequence numbers. */
    private final Object lock = new Object();
    private final PriorityQueue<VirtualTimer> timers = new PriorityQueue<>(VirtualTimer::compare);
    private long nextSequence;
    /** Every loop that armed a timer or was attached: advance waits for all of them. */
    private final Set<EventExecutor> loops = new CopyOnWriteArraySet<>();
    private final Object advancing = new Object();

    /** Virtual time starting at the current real time. */
    public VirtualClock() {
        this(Instant.now());
    }

    /** Virtual time starting at {@code start}. */
    public VirtualClock(Instant start) {
        this.originMillis = start.toEpochMilli();
    }

    @Override
    public long currentTimeMillis() {
        return originMillis + elapsedNanos / 1_000_000;
    }

    @Override
    public long nanoTime() {
        return elapsedNanos;
    }

    /** The current virtual wall-clock time. */
    public Instant now() {
        return Instant.ofEpochMilli(originMillis).plusNanos(elapsedNanos);
    }

    /** How far the clock has been advanced since it was created. */
    public Duration elapsed() {
        return Duration.ofNanos(elapsedNanos);
    }

    /** Timers armed and neither fired nor cancelled. */
    public int pendingTimers() {
        synchronized (lock) {
            return (int) timers.stream().filter(t -> !t.isCancelled()).count();
        }
    }

    @Override
    public Future<?> schedule(EventExecutor loop, Runnable task, long delay, TimeUnit unit) {
        return arm(loop, task, unit.toNanos(Math.max(0, delay)), 0);
    }

    @Override
    public Future<?> scheduleAtFixedRate(EventExecutor loop, Runnable task, long initialDelay, long period,
            TimeUnit unit) {
        if (period <= 0) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        return arm(loop, task, unit.toNanos(Math.max(0, initialDelay)), unit.toNanos(period));
    }

    @Override
    public void attach(EventExecutorGroup group) {
        for (EventExecutor loop : group) {
            loops.add(loop);
        }
    }

    private VirtualTimer arm(EventExecutor loop, Runnable task, long delayNanos, long periodNanos) {
        loops.add(loop);
        synchronized (lock) {
            VirtualTimer t = new VirtualTimer(this, loop, task, elapsedNanos + delayNanos, periodNanos,
                    nextSequence++);
            timers.add(t);
            return t;
        }
    }

    /** A periodic timer that just ran, on its loop: due again one period after its last deadline. */
    void rearm(VirtualTimer t, long periodNanos) {
        synchronized (lock) {
            t.deadlineNanos += periodNanos;
            timers.add(t);
        }
    }

    /**
     * Moves virtual time forward by {@code by}, firing every timer due on the way in deadline order
     * (time stands at each timer's deadline while it runs), and returns once the broker's loops have
     * done what they fired. A timer due after the target stays armed.
     */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("a clock cannot go back: " + by);
        }
        for (EventExecutor loop : loops) {
            if (loop.inEventLoop()) {
                throw new IllegalStateException("advance waits for the broker's event loops; it cannot run on one");
            }
        }
        synchronized (advancing) {
            long target = Math.addExact(elapsedNanos, by.toNanos());
            while (true) {
                List<VirtualTimer> due = nextDue(target);
                if (due.isEmpty()) {
                    if (elapsedNanos == target) {
                        return;
                    }
                    elapsedNanos = target;
                    settle(); // work that reads the time may arm timers due right now
                    continue;
                }
                long at = due.get(0).deadlineNanos;
                if (at > elapsedNanos) {
                    elapsedNanos = at;
                }
                for (VirtualTimer t : due) {
                    try {
                        t.loop().execute(t);
                    } catch (RejectedExecutionException e) {
                        t.cancel(false); // the loop is shutting down with the broker
                    }
                }
                settle();
            }
        }
    }

    /** The not-cancelled timers sharing the earliest deadline, if it is at or before {@code target}. */
    private List<VirtualTimer> nextDue(long target) {
        List<VirtualTimer> due = new ArrayList<>();
        synchronized (lock) {
            VirtualTimer head;
            while ((head = timers.peek()) != null && head.deadlineNanos <= target) {
                if (head.isCancelled()) {
                    timers.poll();
                    continue;
                }
                if (!due.isEmpty() && head.deadlineNanos != due.get(0).deadlineNanos) {
                    break;
                }
                due.add(timers.poll());
            }
        }
        return due;
    }

    /**
     * Waits until the broker's loops are quiescent: what the fired timers posted, and what that
     * posted in turn (on any loop), has run.
     */
    private void settle() {
        for (int round = 0; round < MAX_SETTLE_ROUNDS; round++) {
            if (quiescent()) {
                return;
            }
        }
    }

    /**
     * Parks every loop in a barrier task at once, then looks at their task queues: with every loop
     * parked nothing runs anywhere, so empty queues mean no work is left (a loop still busy, or a
     * task one loop posted to another, shows as a queued task). why not a barrier per loop in turn:
     * work hopping from a loop not yet checked to one already checked would slip through.
     */
    private boolean quiescent() {
        List<EventExecutor> live = new ArrayList<>();
        for (EventExecutor loop : loops) {
            if (loop.isShuttingDown()) {
                loops.remove(loop);
            } else {
                live.add(loop);
            }
        }
        CountDownLatch parked = new CountDownLatch(live.size());
        CountDownLatch release = new CountDownLatch(1);
        try {
            for (EventExecutor loop : live) {
                try {
                    loop.execute(() -> {
                        parked.countDown();
                        awaitQuietly(release);
                    });
                } catch (RejectedExecutionException e) {
                    loops.remove(loop); // shut down meanwhile
                    parked.countDown();
                }
            }
            if (!parked.await(LOOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("an event loop did not run the clock's work within "
                        + LOOP_WAIT_SECONDS + " s");
            }
            for (EventExecutor loop : live) {
                if (queuedTasks(loop) > 0) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while advancing the clock", e);
        } finally {
            release.countDown();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            // bounded: a loop must never stay parked if the advancing thread died
            latch.await(LOOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int queuedTasks(EventExecutor loop) {
        return loop instanceof SingleThreadEventExecutor s ? s.pendingTasks() : 0;
    }

    @Override
    public String toString() {
        return "virtual clock at " + now() + " (advanced " + elapsed() + ")";
    }
}
