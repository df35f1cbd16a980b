package io.warrenmq.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConfirmTrackerTest {

    @Test
    void multipleAcksSettleEverythingUpToTheirTag() {
        Publisher.ConfirmTracker t = new Publisher.ConfirmTracker(100);
        t.settle(10, true, true);
        assertEquals(10, t.acked());
        assertEquals(10, t.base());
        t.settle(10, true, true);
        assertEquals(10, t.acked());
    }

    @Test
    void singleSettlementsAboveTheBaseAreNotCountedTwice() {
        Publisher.ConfirmTracker t = new Publisher.ConfirmTracker(8);
        t.settle(3, false, true);
        t.settle(2, false, false);
        assertEquals(0, t.base());
        t.settle(5, true, true);
        assertEquals(4, t.acked()); // 1, 3, 4, 5
        assertEquals(1, t.nacked()); // 2
        assertEquals(5, t.base());
        t.settle(6, false, true);
        assertEquals(6, t.base());
    }

    @Test
    void theRingIsReusedAsTheBaseAdvances() {
        Publisher.ConfirmTracker t = new Publisher.ConfirmTracker(4);
        for (long tag = 1; tag <= 1000; tag++) {
            t.settle(tag, false, tag % 3 != 0);
        }
        assertEquals(1000, t.base());
        assertEquals(667, t.acked());
        assertEquals(333, t.nacked());
    }
}
