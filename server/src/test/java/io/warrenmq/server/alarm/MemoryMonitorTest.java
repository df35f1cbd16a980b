package io.warrenmq.server.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The memory alarm's decision ("used &gt; limit") and its collect-before-raising rule, with a fake JVM. */
class MemoryMonitorTest {
    private static final long MAX_HEAP = 1_000_000;

    /** A fake heap: live bytes, the garbage a full collection would free, a clock. */
    private long live;
    private long garbage;
    private int collections;
    private long now;

    private MemoryMonitor monitor(MemoryWatermark watermark) {
        return new MemoryMonitor(watermark, MAX_HEAP, () -> live + garbage, () -> {
            collections++;
            garbage = 0;
        }, () -> now);
    }

    private int preciseMeasures;

    /** Upper bound: live plus garbage; the precise measure (counted) sees only live. */
    private MemoryMonitor monitorWithBound(MemoryWatermark watermark) {
        return new MemoryMonitor(watermark, MAX_HEAP, () -> {
            preciseMeasures++;
            return live;
        }, () -> live, () -> live + garbage, () -> {
            collections++;
            garbage = 0;
        }, () -> now);
    }

    @Test
    void atStartAnUpperBoundWithinTheLimitDecidesWithoutThePreciseMeasure() {
        MemoryMonitor m = monitorWithBound(MemoryWatermark.absolute(100));
        live = 60;
        garbage = 40;
        assertFalse(m.checkAtStart());
        assertEquals(0, preciseMeasures, "the MXBeans were not needed");
        assertEquals(100, m.used(), "the upper bound, until the next check");
        assertFalse(m.check());
        assertEquals(1, preciseMeasures);
        assertEquals(60, m.used());
    }

    @Test
    void atStartAnUpperBoundAboveTheLimitFallsBackToThePreciseMeasure() {
        MemoryMonitor m = monitorWithBound(MemoryWatermark.absolute(100));
        live = 60;
        garbage = 41;
        assertFalse(m.checkAtStart(), "garbage alone does not raise the alarm");
        assertEquals(1, preciseMeasures);
        live = 101;
        assertTrue(m.checkAtStart(), "live memory above the limit does");
    }

    @Test
    void aStaleLiveFigureWithTheHeapNearlyFullIsRefreshedByACollectionAndRaisesTheAlarm() {
        // the old generation's post-collection figure says 100k; promoted since then: 700k more, live
        long[] stale = {100_000};
        long[] occupied = {800_000};
        MemoryMonitor m = new MemoryMonitor(MemoryWatermark.DEFAULT, MAX_HEAP, () -> stale[0], () -> occupied[0],
                () -> {
                    collections++;
                    stale[0] = occupied[0]; // a collection makes the figure fresh: all of it was live
                }, () -> now);
        assertTrue(m.check(), "halfway from the 400k limit to the 1M heap (700k) is passed: collect, then raise");
        assertEquals(1, collections);
        assertEquals(800_000, m.used());
    }

    @Test
    void occupancyBelowHalfwayToTheHeapDoesNotCollect() {
        MemoryMonitor m = new MemoryMonitor(MemoryWatermark.DEFAULT, MAX_HEAP, () -> 100_000L, () -> 650_000L,
                () -> collections++, () -> now);
        assertFalse(m.check());
        assertEquals(0, collections, "G1 lets its old generation pass the 40% watermark before marking");
    }

    @Test
    void aRelativeWatermarkIsAFractionOfTheMaximumHeap() {
        assertEquals(400_000, monitor(MemoryWatermark.DEFAULT).limit());
        assertEquals(600_000, monitor(MemoryWatermark.relative(0.6)).limit());
    }

    @Test
    void aFractionAboveOneCountsAsOneAsInRabbitMq() {
        assertEquals(MAX_HEAP, monitor(MemoryWatermark.relative(1.5)).limit());
    }

    @Test
    void anAbsoluteWatermarkIsTakenAsGiven() {
        assertEquals(123, monitor(MemoryWatermark.absolute(123)).limit());
        assertEquals(5 * MAX_HEAP, monitor(MemoryWatermark.absolute(5 * MAX_HEAP)).limit());
    }

    @Test
    void negativeWatermarksAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> MemoryWatermark.relative(-0.1));
        assertThrows(IllegalArgumentException.class, () -> MemoryWatermark.absolute(-1));
    }

    @Test
    void theAlarmIsOnOnlyAboveTheLimit() {
        MemoryMonitor m = monitor(MemoryWatermark.absolute(100));
        live = 100;
        assertFalse(m.check(), "at the limit is not above it");
        live = 101;
        assertTrue(m.check());
        assertEquals(101, m.used());
        live = 50;
        assertFalse(m.check());
    }

    @Test
    void aZeroWatermarkBlocksEveryPublisher() {
        MemoryMonitor m = monitor(MemoryWatermark.relative(0));
        live = 1;
        assertTrue(m.check());
    }

    @Test
    void garbageAboveTheLimitIsCollectedBeforeTheAlarmIsRaised() {
        MemoryMonitor m = monitor(MemoryWatermark.absolute(100));
        live = 60;
        garbage = 80;

        assertFalse(m.check());
        assertEquals(1, collections);
        assertEquals(60, m.used());
    }

    @Test
    void collectionsAreRequestedAtMostOnceEveryTenSeconds() {
        MemoryMonitor m = monitor(MemoryWatermark.absolute(100));
        live = 150;
        assertTrue(m.check());
        now += TimeUnit.SECONDS.toNanos(MemoryMonitor.COLLECT_EVERY_SECONDS) - 1;
        assertTrue(m.check());
        assertEquals(1, collections);

        now += 1;
        live = 60;
        garbage = 80; // the live data drained but its objects were promoted: only a collection shows it
        assertFalse(m.check(), "a collection while the alarm is on lets it clear");
        assertEquals(2, collections);
    }

    @Test
    void changingTheWatermarkChangesTheLimit() {
        MemoryMonitor m = monitor(MemoryWatermark.DEFAULT);
        live = 500_000;
        assertTrue(m.check());

        m.watermark(MemoryWatermark.relative(0.6));
        assertFalse(m.check());
        assertEquals(MemoryWatermark.relative(0.6), m.watermark());
    }
}
