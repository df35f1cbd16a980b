package io.warrenmq.server.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Timers fire in deadline order, on their own loop, only when due, never when cancelled; advance waits. */
class VirtualClockTest {
    private final DefaultEventLoop loopA = new DefaultEventLoop();
    private final DefaultEventLoop loopB = new DefaultEventLoop();
    private final VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
    /** "name@virtual-millis on thread", appended on the loops; read after advance returned. */
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        loopA.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        loopB.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private Runnable record(String name, EventExecutor expectedLoop) {
        return () -> ran.add(name + "@" + clock.elapsed().toMillis() + (expectedLoop.inEventLoop() ? "" : " OFF-LOOP"));
    }

    @Test
    void timeMovesOnlyWhenAdvanced() {
        long wall = clock.currentTimeMillis();
        long mono = clock.nanoTime();
        assertEquals(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli(), wall);
        clock.advance(Duration.ofHours(1));
        assertEquals(wall + 3_600_000, clock.currentTimeMillis());
        assertEquals(mono + TimeUnit.HOURS.toNanos(1), clock.nanoTime());
        assertEquals(Instant.parse("2026-01-01T01:00:00Z"), clock.now());
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofMillis(-1)));
    }

    @Test
    void timersFireInDeadlineOrderOnTheirOwnLoopsAndNotBeforeTheyAreDue() {
        clock.schedule(loopB, record("b30", loopB), 30, TimeUnit.SECONDS);
        clock.schedule(loopA, record("a10", loopA), 10, TimeUnit.SECONDS);
        clock.schedule(loopA, record("a20", loopA), 20, TimeUnit.SECONDS);
        clock.advance(Duration.ofSeconds(9));
        assertEquals(List.of(), ran, "nothing is due before 10 s");
        clock.advance(Duration.ofSeconds(16));
        assertEquals(List.of("a10@10000", "a20@20000"), ran, "each ran at its own deadline, b30 not yet");
        clock.advance(Duration.ofSeconds(5));
        assertEquals(List.of("a10@10000", "a20@20000", "b30@30000"), ran);
        assertEquals(0, clock.pendingTimers());
    }

    @Test
    void aCancelledTimerNeverRuns() {
        Future<?> f = clock.schedule(loopA, record("cancelled", loopA), 1, TimeUnit.SECONDS);
        clock.schedule(loopA, record("kept", loopA), 2, TimeUnit.SECONDS);
        assertTrue(f.cancel(false));
        clock.advance(Duration.ofSeconds(5));
        assertEquals(List.of("kept@2000"), ran);
    }

    @Test
    void aPeriodicTimerFiresOncePerPeriodUntilCancelled() {
        Future<?> f = clock.scheduleAtFixedRate(loopA, record("tick", loopA), 100, 100, TimeUnit.MILLISECONDS);
        clock.advance(Duration.ofMillis(350));
        assertEquals(List.of("tick@100", "tick@200", "tick@300"), ran);
        f.cancel(false);
        clock.advance(Duration.ofSeconds(1));
        assertEquals(3, ran.size());
    }

    @Test
    void whatATimerPostsHasRunWhenAdvanceReturns() {
        // a timer on A posts to B, which posts back to A and arms a timer due before the target;
        // B armed nothing, so it is known only as one of the broker's loops (Broker.start attaches them)
        clock.attach(loopA);
        clock.attach(loopB);
        clock.schedule(loopA, () -> loopB.execute(() -> loopA.execute(() -> {
            ran.add("chain@" + clock.elapsed().toMillis());
            clock.schedule(loopA, record("armed-by-chain", loopA), 1, TimeUnit.SECONDS);
        })), 1, TimeUnit.SECONDS);
        clock.advance(Duration.ofSeconds(3));
        assertEquals(List.of("chain@1000", "armed-by-chain@2000"), ran);
    }

    @Test
    void aTimerDueAfterTheTargetStaysArmed() {
        clock.schedule(loopA, record("later", loopA), 10, TimeUnit.SECONDS);
        clock.advance(Duration.ofMillis(9_999));
        assertEquals(List.of(), ran);
        assertEquals(1, clock.pendingTimers());
        clock.advance(Duration.ofMillis(1));
        assertEquals(List.of("later@10000"), ran);
    }

    @Test
    void advanceRefusesToRunOnABrokerLoop() throws Exception {
        clock.attach(loopA);
        Throwable t = loopA.submit(() -> {
            try {
                clock.advance(Duration.ofSeconds(1));
                return null;
            } catch (IllegalStateException e) {
                return e;
            }
        }).get(10, TimeUnit.SECONDS);
        assertTrue(t instanceof IllegalStateException, "advance on a loop would wait for itself: " + t);
    }

    @Test
    void theSystemClockDelegatesToTheLoop() throws Exception {
        assertFalse(BrokerClock.SYSTEM instanceof VirtualClock);
        Future<?> f = BrokerClock.SYSTEM.schedule(loopA, record("real", loopA), 0, TimeUnit.MILLISECONDS);
        f.get(10, TimeUnit.SECONDS);
        assertEquals(1, ran.size());
        assertTrue(ran.get(0).startsWith("real@") && !ran.get(0).contains("OFF-LOOP"), ran.toString());
    }
}
