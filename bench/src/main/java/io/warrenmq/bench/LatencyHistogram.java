package io.warrenmq.bench;

/**
 * A fixed-size histogram of latencies in nanoseconds with 1/16 relative precision (log-linear:
 * 16 sub-buckets per power of two), for percentiles without allocating per value.
 *
 * <p>Thread-safety: none; one writer, read after the writer stopped (or merged into another).
 */
final class LatencyHistogram {
    private static final int SUB_BITS = 4;
    private static final int SUB = 1 << SUB_BITS;
    private final long[] counts = new long[64 * SUB];
    private long total;
    private long max;

    void record(long nanos) {
        long v = Math.max(0, nanos);
        counts[index(v)]++;
        total++;
        if (v > max) {
            max = v;
        }
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        max = Math.max(max, other.max);
    }

    long count() {
        return total;
    }

    long max() {
        return max;
    }

    /** The value below which a fraction {@code q} (0..1) of the recorded values fall (bucket upper bound). */
    long percentile(double q) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= Math.max(rank, 1)) {
                return Math.min(upperBound(i), max);
            }
        }
        return max;
    }

    static int index(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(v); // >= SUB_BITS
        int shift = exponent - SUB_BITS;
        int sub = (int) (v >>> shift) & (SUB - 1);
        return (shift + 1) * SUB + sub;
    }

    static long upperBound(int index) {
        if (index < SUB) {
            return index;
        }
        int shift = index / SUB - 1;
        long sub = index % SUB;
        return ((SUB + sub + 1) << shift) - 1;
    }
}
