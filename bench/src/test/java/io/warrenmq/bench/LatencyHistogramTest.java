package io.warrenmq.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentilesAreWithinOneSixteenth() {
        LatencyHistogram h = new LatencyHistogram();
        for (long v = 1; v <= 100_000; v++) {
            h.record(v * 1000);
        }
        assertEquals(100_000, h.count());
        assertEquals(100_000_000, h.max());
        assertWithin(50_000_000, h.percentile(0.5));
        assertWithin(99_000_000, h.percentile(0.99));
        assertEquals(100_000_000, h.percentile(1.0));
    }

    @Test
    void everyValueFallsInABucketWhoseUpperBoundIsAtLeastIt() {
        for (long v = 0; v < 1 << 20; v += 7) {
            int i = LatencyHistogram.index(v);
            assertTrue(LatencyHistogram.upperBound(i) >= v, "value " + v);
            assertTrue(i == 0 || LatencyHistogram.upperBound(i - 1) < v, "value " + v);
        }
        assertTrue(LatencyHistogram.index(Long.MAX_VALUE) < 64 * 16);
    }

    @Test
    void mergingAddsCounts() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.record(10);
        b.record(1_000_000);
        a.add(b);
        assertEquals(2, a.count());
        assertEquals(1_000_000, a.max());
        assertEquals(10, a.percentile(0.5));
    }

    private static void assertWithin(long expected, long actual) {
        assertTrue(Math.abs(actual - expected) <= expected / 16, "expected ~" + expected + ", got " + actual);
    }
}
