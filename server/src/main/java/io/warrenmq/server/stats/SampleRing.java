package io.warrenmq.server.stats;

/**
 * A fixed-size ring of samples of one object's counters: each sample is a timestamp and a row of
 * {@code width} counter values. Its size never grows (RabbitMQ's sample retention: a fixed window at
 * a fixed resolution), so an object costs the same however long it lives.
 *
 * <p>Thread-safety: not thread-safe; {@link StatsSampler} guards every ring with its own lock.
 */
final class SampleRing {
    private final int width;
    private final long[] times;
    private final long[] values;
    private int count;
    private int next; // where the next sample goes

    SampleRing(int capacity, int width) {
        this.width = width;
        this.times = new long[capacity];
        this.values = new long[capacity * width];
    }

    int width() {
        return width;
    }

    void add(long timestamp, long[] row) {
        times[next] = timestamp;
        System.arraycopy(row, 0, values, next * width, width);
        next = (next + 1) % times.length;
        if (count < times.length) {
            count++;
        }
    }

    int count() {
        return count;
    }

    /** The {@code age}-th newest sample's slot (0: the newest); requires {@code age < count()}. */
    private int slot(int age) {
        return Math.floorMod(next - 1 - age, times.length);
    }

    long time(int age) {
        return times[slot(age)];
    }

    long value(int age, int column) {
        return values[slot(age) * width + column];
    }

    /** The newest value of {@code column}, 0 before any sample. */
    long latest(int column) {
        return count == 0 ? 0 : value(0, column);
    }

    /**
     * RabbitMQ's instantaneous rate: the difference over the last sample interval, per second
     * (0.0 until two samples exist).
     */
    double rate(int column) {
        if (count < 2) {
            return 0.0;
        }
        long dt = time(0) - time(1);
        return dt <= 0 ? 0.0 : (value(0, column) - value(1, column)) * 1000.0 / dt;
    }

    /** The value {@code column} had at {@code timestamp}: the newest sample not after it (0 if none). */
    long valueAt(long timestamp, int column) {
        for (int age = 0; age < count; age++) {
            if (time(age) <= timestamp) {
                return value(age, column);
            }
        }
        return 0;
    }
}
