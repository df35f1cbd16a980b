package io.warrenmq.server.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders sampled counters as RabbitMQ's stats JSON: {@code name: count} and
 * {@code name_details: {rate}}, plus {@code samples[]}, {@code avg_rate} and {@code avg} when the
 * request gives a range (rabbit_mgmt_stats:format_range).
 *
 * <p>Thread-safety: stateless; the caller holds the rings' guard.
 */
final class StatsJson {
    private StatsJson() {
    }

    /** One field to render: its JSON name and its column in the ring. */
    record Column(String name, int index) {
    }

    /**
     * Adds every column of {@code ring} to {@code into}; nothing when the ring has no sample.
     *
     * @param range the requested sample range, or null for the rate only
     * @param now the wall-clock time the range ends at
     */
    static void render(SampleRing ring, List<Column> columns, RateQuery range, long now, Map<String, Object> into) {
        if (ring == null || ring.count() == 0) {
            return;
        }
        for (Column c : columns) {
            into.put(c.name(), ring.latest(c.index()));
            into.put(c.name() + "_details", details(ring, c.index(), range, now));
        }
    }

    static Map<String, Object> details(SampleRing ring, int column, RateQuery range, long now) {
        if (range == null) {
            return Map.of("rate", ring.rate(column)); // the usual answer: one key, no map to grow
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("rate", ring.rate(column));
        if (range != null) {
            // as RabbitMQ: sample points on multiples of incr, newest first, each the count at that time
            long end = now - Math.floorMod(now, range.incrMillis());
            long start = end - range.ageMillis();
            List<Map<String, Object>> samples = new ArrayList<>();
            long sum = 0;
            for (long t = end; t >= start; t -= range.incrMillis()) {
                long v = ring.valueAt(t, column);
                sum += v;
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("sample", v);
                s.put("timestamp", t);
                samples.add(s);
            }
            long newest = ring.valueAt(end, column);
            long oldest = ring.valueAt(start, column);
            d.put("samples", samples);
            d.put("avg_rate", range.ageMillis() == 0 ? 0.0 : (newest - oldest) * 1000.0 / range.ageMillis());
            d.put("avg", samples.isEmpty() ? 0.0 : (double) sum / samples.size());
        }
        return d;
    }
}
