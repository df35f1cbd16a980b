package io.warrenmq.server.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.server.queue.Queue;
import io.warrenmq.server.vhost.VirtualHost;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sampler's rings and rates, driven with explicit timestamps (no timer, no waiting). */
class StatsSamplerTest {
    private final EmbeddedChannel loop = new EmbeddedChannel();
    private final VirtualHost vhost = new VirtualHost("/");
    private final StatsSampler sampler = new StatsSampler(() -> List.of(vhost));

    @AfterEach
    void tearDown() {
        loop.finishAndReleaseAll();
    }

    private Queue queue(String name) {
        return vhost.addQueueIfAbsent(new Queue(vhost, name, false, false, false, FieldTable.EMPTY, null,
                loop.eventLoop()));
    }

    @Test
    void aRateIsTheDifferenceOverTheLastIntervalPerSecond() {
        Queue q = queue("q");
        sampler.sample(10_000);
        for (int i = 0; i < 10; i++) {
            q.counters().published();
        }
        q.counters().delivered(false, true);
        q.counters().acked();
        sampler.sample(15_000);
        Map<String, Object> s = sampler.queueStats(q, null, 15_000);
        assertEquals(10L, s.get("publish"));
        assertEquals(2.0, ((Map<?, ?>) s.get("publish_details")).get("rate"));
        assertEquals(1L, s.get("deliver"));
        assertEquals(1L, s.get("redeliver"));
        assertEquals(1L, s.get("ack"));
        assertEquals(1L, s.get("deliver_get"));
        assertEquals(0.2, ((Map<?, ?>) s.get("ack_details")).get("rate"));
    }

    @Test
    void aRangeGivesSamplesOnIncrementBoundariesNewestFirstWithAverages() {
        Queue q = queue("q");
        sampler.sample(0);
        q.counters().published();
        sampler.sample(5_000);
        q.counters().published();
        q.counters().published();
        sampler.sample(10_000);
        Map<String, Object> s = sampler.queueStats(q, new RateQuery(10_000, 5_000), 12_000);
        Map<?, ?> d = (Map<?, ?>) s.get("publish_details");
        List<?> samples = (List<?>) d.get("samples");
        assertEquals(3, samples.size());
        assertEquals(Map.of("sample", 3L, "timestamp", 10_000L), samples.get(0));
        assertEquals(Map.of("sample", 1L, "timestamp", 5_000L), samples.get(1));
        assertEquals(Map.of("sample", 0L, "timestamp", 0L), samples.get(2));
        assertEquals(0.3, d.get("avg_rate"));
        assertEquals(4.0 / 3, d.get("avg"));
    }

    @Test
    void aDeletedQueueLosesItsRingButItsCountsStayInTheVhostTotals() {
        Queue q = queue("q");
        q.counters().published();
        q.counters().published();
        vhost.counters().published(true, false);
        sampler.sample(0);
        int rings = sampler.ringCount();
        vhost.removeQueue(q);
        sampler.sample(5_000);
        assertEquals(rings - 1, sampler.ringCount(), "the queue's ring is gone");
        assertEquals(Map.of(), sampler.queueStats(q, null, 5_000));
        assertEquals(2L, sampler.globalTotals().get("queue_publish"));
        assertEquals(1L, sampler.globalTotals().get("queue_deleted"));
        assertEquals(1L, sampler.messageStats(v -> true, true, null, 5_000).get("publish"));
        // the sum over visible vhosts agrees with the node's while they are the same set
        assertEquals(sampler.messageStats(v -> true, true, null, 5_000),
                sampler.messageStats(v -> v.equals("/"), false, null, 5_000));
        assertTrue(sampler.messageStats(v -> false, false, null, 5_000).get("publish").equals(0L));
    }

    @Test
    void ringsAreBoundedHoweverLongTheObjectLives() {
        Queue q = queue("q");
        for (int i = 0; i < 1000; i++) {
            q.counters().published();
            sampler.sample(i * 5_000L);
        }
        Map<String, Object> s = sampler.queueStats(q, new RateQuery(600_000, 5_000), 999 * 5_000L);
        List<?> samples = (List<?>) ((Map<?, ?>) s.get("publish_details")).get("samples");
        // the queue ring keeps 60 s: samples older than that read as 0 (not retained), newer ones exact
        assertEquals(Map.of("sample", 1000L, "timestamp", 999 * 5_000L), samples.get(0));
        assertEquals(0L, ((Map<?, ?>) samples.get(samples.size() - 1)).get("sample"));
    }
}
