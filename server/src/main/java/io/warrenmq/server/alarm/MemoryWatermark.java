package io.warrenmq.server.alarm;

/**
 * The memory high watermark: a fraction of the JVM's maximum heap ({@code vm_memory_high_watermark.relative})
 * or a number of bytes ({@code vm_memory_high_watermark.absolute}). Exactly one of the two applies.
 * Thread-safety: immutable.
 *
 * @param fraction the relative watermark, or NaN when {@code absoluteBytes} applies
 * @param absoluteBytes the absolute watermark, or -1 when {@code fraction} applies
 */
public record MemoryWatermark(double fraction, long absoluteBytes) {
    /** RabbitMQ's default, {@code vm_memory_high_watermark.relative = 0.4}. */
    public static final MemoryWatermark DEFAULT = relative(0.4);

    public MemoryWatermark {
        boolean isRelative = !Double.isNaN(fraction);
        if (isRelative == (absoluteBytes >= 0)) {
            throw new IllegalArgumentException("a watermark is either relative or absolute");
        }
        if (isRelative && (fraction < 0 || Double.isInfinite(fraction))) {
            throw new IllegalArgumentException(
                    "vm_memory_high_watermark.relative must be a fraction >= 0, got " + fraction);
        }
    }

    /** {@code fraction} of the maximum heap; 0 blocks every publisher (as in RabbitMQ). */
    public static MemoryWatermark relative(double fraction) {
        return new MemoryWatermark(fraction, -1);
    }

    /** {@code bytes} of live memory; 0 blocks every publisher. */
    public static MemoryWatermark absolute(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("vm_memory_high_watermark.absolute must be >= 0, got " + bytes);
        }
        return new MemoryWatermark(Double.NaN, bytes);
    }

    public boolean isRelative() {
        return absoluteBytes < 0;
    }

    /**
     * The limit in bytes for a JVM whose maximum heap is {@code maxHeap}. A fraction above 1.0 counts as 1.0,
     * as RabbitMQ's vm_memory_monitor caps it; an absolute watermark is taken as given (it is not capped by
     * the heap because the measure includes direct memory, see docs/alarms.md).
     */
    public long limit(long maxHeap) {
        if (!isRelative()) {
            return absoluteBytes;
        }
        if (maxHeap == Long.MAX_VALUE) {
            return Long.MAX_VALUE; // why: no heap limit reported, so nothing to take a fraction of
        }
        return (long) (Math.min(fraction, 1.0) * maxHeap);
    }

    @Override
    public String toString() {
        return isRelative() ? "relative " + fraction : "absolute " + absoluteBytes + " bytes";
    }
}
