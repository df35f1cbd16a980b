package io.warrenmq.server.clock;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The production clock: {@code System.currentTimeMillis()}, {@code System.nanoTime()} and the event
 * loop's own scheduler, exactly what the broker called before the clock existed.
 *
 * <p>Thread-safety: stateless.
 */
public final class SystemClock implements BrokerClock {
    static final SystemClock INSTANCE = new SystemClock();

    private SystemClock() {
    }

    @Override
    public long currentTimeMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Future<?> schedule(EventExecutor loop, Runnable task, long delay, TimeUnit unit) {
        return loop.schedule(task, delay, unit);
    }

    @Override
    public Future<?> scheduleAtFixedRate(EventExecutor loop, Runnable task, long initialDelay, long period,
            TimeUnit unit) {
        return loop.scheduleAtFixedRate(task, initialDelay, period, unit);
    }

    @Override
    public String toString() {
        return "system clock";
    }
}
