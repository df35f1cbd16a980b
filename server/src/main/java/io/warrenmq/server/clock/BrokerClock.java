package io.warrenmq.server.clock;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Where the broker's time-driven features read the time and arm their timers: message TTL and
 * per-message expiration, dead-lettering's {@code x-death} time, queue {@code x-expires}, the
 * consumer acknowledgement timeout and heartbeats.
 *
 * <p>{@link #SYSTEM} (the default) reads the system clocks and arms timers on the event loop itself;
 * {@link VirtualClock} is the testkit's, whose time moves only when a test advances it.
 *
 * <p>why an interface and not a {@code LongSupplier}: timers must go through it too, and a virtual
 * clock decides when they fire. In production only {@link SystemClock} is ever loaded, so each call
 * site is monomorphic and the JIT inlines it to {@code System.currentTimeMillis()}.
 *
 * <p>Thread-safety: implementations are called from every event loop at once.
 */
public interface BrokerClock {
    /** The system clocks and Netty's timers. */
    BrokerClock SYSTEM = SystemClock.INSTANCE;

    /** Wall-clock time, epoch milliseconds (TTL deadlines, x-death times, unacked delivery times). */
    long currentTimeMillis();

    /** Monotonic time in nanoseconds (heartbeat idleness), only differences mean anything. */
    long nanoTime();

    /**
     * Runs {@code task} on {@code loop} after {@code delay}. {@code loop} must be the thread that owns
     * the state the task touches: the task runs there, never elsewhere. A cancelled task never runs.
     */
    Future<?> schedule(EventExecutor loop, Runnable task, long delay, TimeUnit unit);

    /** Runs {@code task} on {@code loop} every {@code period}, the first time after {@code initialDelay}. */
    Future<?> scheduleAtFixedRate(EventExecutor loop, Runnable task, long initialDelay, long period, TimeUnit unit);

    /** The broker's event loops, at start: a virtual clock waits for them to go idle when it advances. */
    default void attach(EventExecutorGroup loops) {
    }
}
