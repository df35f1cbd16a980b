package io.warrenmq.server.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RateWindowTest {
    @Test
    void theFirstLookIsZeroThenTheRateOverTheLastFullWindow() {
        RateWindow w = new RateWindow();
        assertEquals(0.0, w.rate(1_000, 500));
        assertEquals(0.0, w.rate(3_000, 9_999), "within the window: the last rate again");
        assertEquals(1000.0, w.rate(11_000, 10_500), "10000 octets over 10 s");
        assertEquals(1000.0, w.rate(12_000, 99_999));
        assertEquals(0.0, w.rate(16_000, 10_500), "nothing moved over the next window");
    }

    @Test
    void aRegistryCountsChannelsAndForgetsOnlyTheConnectionItHolds() {
        ConnectionRegistry r = new ConnectionRegistry();
        ConnectionFacts facts = new ConnectionFacts("a:1 -> b:2", "u", "/", 0, java.util.Map.of(), "b", 2, "a", 1,
                10, 4096, 0, "PLAIN", null);
        LiveConnection first = new LiveConnection(facts, new TrafficCounter(), null);
        LiveConnection sameName = new LiveConnection(facts, new TrafficCounter(), null);
        r.opened(first);
        first.channels(3);
        assertEquals(3, r.channelCount());
        r.closed(sameName); // a stale close must not drop the live entry
        assertEquals(1, r.size());
        r.closed(first);
        assertEquals(0, r.size());
    }
}
