package io.warrenmq.server.stats;

import java.util.List;
import java.util.Map;

/**
 * A request's sample range ({@code msg_rates_age}/{@code msg_rates_incr}, or
 * {@code lengths_age}/{@code lengths_incr}), in milliseconds, as rabbit_mgmt_util:range reads it;
 * null when the request asks for none (then only {@code rate} is given).
 */
public record RateQuery(long ageMillis, long incrMillis) {
    /** RabbitMQ refuses more than this many samples per series; so do we (bounded work per request). */
    static final int MAX_SAMPLES = 1000;

    /** The message-rate range of {@code query}, or null; bad numbers are ignored as absent. */
    public static RateQuery messages(Map<String, List<String>> query) {
        return of(query, "msg_rates_age", "msg_rates_incr");
    }

    /** The lengths range of {@code query} ({@code lengths_age}/{@code lengths_incr}), or null. */
    public static RateQuery lengths(Map<String, List<String>> query) {
        return of(query, "lengths_age", "lengths_incr");
    }

    private static RateQuery of(Map<String, List<String>> query, String ageKey, String incrKey) {
        if (query == null) {
            return null;
        }
        Long age = seconds(query, ageKey);
        Long incr = seconds(query, incrKey);
        if (age == null || incr == null || age <= 0 || incr <= 0) {
            return null;
        }
        long n = Math.min(age / incr, MAX_SAMPLES);
        return new RateQuery(n * incr * 1000, incr * 1000);
    }

    private static Long seconds(Map<String, List<String>> query, String key) {
        List<String> v = query.get(key);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(v.get(0).trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
