package io.warrenmq.server.alarm;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Decides whether the memory alarm is on: live memory ({@link LiveMemory}) above the watermark's limit,
 * as RabbitMQ's vm_memory_monitor decides "used &gt; limit".
 *
 * <p>Before saying "above", it asks for a full collection and measures again, at most once every
 * {@value #COLLECT_EVERY_SECONDS} s. why: the post-collection figure still includes old-generation objects
 * that died after being promoted, which G1 and the serial/parallel collectors reclaim only in a marking
 * cycle or a full collection. Without this, a broker whose queues have drained could keep the alarm on
 * (and its publishers blocked) until something else triggers one. RabbitMQ likewise runs a garbage
 * collection when the memory alarm goes off (rabbit_alarm: {@code background_gc:run()}).
 *
 * <p>The opposite error matters as much: an old generation's post-collection figure is refreshed
 * only by a collection of that generation, so objects promoted since then are not counted, and a
 * client creating objects in a loop (100k queues) could fill the heap with the measure still below
 * the limit, until an OutOfMemoryError. So the monitor also reads the heap's current occupancy
 * outside the young generation ({@code occupiedBytes}); when that passes halfway from the limit to
 * the maximum heap while the live figure is still below the limit, it asks for a collection (with
 * the same rate limit) so the live figure is fresh. Halfway, not the limit itself: G1 lets its old
 * generation reach 45% of the heap before it starts marking, and a collection every 10 s on a busy
 * broker with a 40% watermark would cost more than it tells.
 *
 * <p>Thread-safety: not thread-safe; {@link ResourceAlarms} calls it under its monitor.
 */
final class MemoryMonitor {
    static final long COLLECT_EVERY_SECONDS = 10;

    private final LongSupplier liveBytes;
    private final LongSupplier occupiedBytes;
    /** Never below what {@code liveBytes} would say, and cheap: see {@link #checkAtStart()}. */
    private final LongSupplier upperBound;
    private final Runnable collectGarbage;
    private final LongSupplier nanoClock;
    private final long maxHeap;
    private MemoryWatermark watermark;
    private long limit;
    private long used;
    private boolean alarmed;
    private long lastCollection;
    private boolean collectedBefore;

    MemoryMonitor(MemoryWatermark watermark, long maxHeap, LongSupplier liveBytes, Runnable collectGarbage,
                  LongSupplier nanoClock) {
        this(watermark, maxHeap, liveBytes, liveBytes, collectGarbage, nanoClock);
    }

    MemoryMonitor(MemoryWatermark watermark, long maxHeap, LongSupplier liveBytes, LongSupplier occupiedBytes,
                  Runnable collectGarbage, LongSupplier nanoClock) {
        this(watermark, maxHeap, liveBytes, occupiedBytes, liveBytes, collectGarbage, nanoClock);
    }

    MemoryMonitor(MemoryWatermark watermark, long maxHeap, LongSupplier liveBytes, LongSupplier occupiedBytes,
                  LongSupplier upperBound, Runnable collectGarbage, LongSupplier nanoClock) {
        this.liveBytes = liveBytes;
        this.occupiedBytes = occupiedBytes;
        this.upperBound = upperBound;
        this.collectGarbage = collectGarbage;
        this.nanoClock = nanoClock;
        this.maxHeap = maxHeap;
        watermark(watermark);
    }

    /**
     * The monitor of this JVM: {@link LiveMemory}, {@link System#gc()}, {@link Runtime#maxMemory()};
     * its upper bound is the heap in use, garbage included, plus Netty's direct memory.
     */
    static MemoryMonitor ofThisJvm(MemoryWatermark watermark) {
        Runtime rt = Runtime.getRuntime();
        return new MemoryMonitor(watermark, rt.maxMemory(), LiveMemory::bytes, LiveMemory::occupiedBytes,
                () -> rt.totalMemory() - rt.freeMemory() + LiveMemory.nettyDirect(), System::gc, System::nanoTime);
    }

    void watermark(MemoryWatermark w) {
        watermark = w;
        limit = w.limit(maxHeap);
    }

    MemoryWatermark watermark() {
        return watermark;
    }

    long limit() {
        return limit;
    }

    /** Live memory at the last check. */
    long used() {
        return used;
    }

    boolean alarmed() {
        return alarmed;
    }

    /**
     * The check at broker start: when even the upper bound (garbage counted as live) is within the
     * limit, the alarm is off without the precise measure; otherwise as {@link #check()}. Until
     * the next check, {@link #used()} is that upper bound.
     *
     * <p>why: the precise measure reads the memory pools' MXBeans, and initialising
     * {@code java.lang.management} costs a fresh JVM some 50 classes, about 10-20 ms of a test
     * JVM's start; the periodic checks on the alarm thread take it on later, off the start's path.
     */
    boolean checkAtStart() {
        long bound = upperBound.getAsLong();
        if (bound <= limit) {
            used = bound;
            alarmed = false;
            return false;
        }
        return check();
    }

    /** Measures, and returns whether the alarm is on. */
    boolean check() {
        long measured = liveBytes.getAsLong();
        boolean stale = measured <= limit && pressing();
        // a stale figure with the heap this full is collected sooner: the JVM itself would soon have to
        if ((measured > limit && mayCollect(TimeUnit.SECONDS.toNanos(COLLECT_EVERY_SECONDS)))
                || (stale && mayCollect(TimeUnit.SECONDS.toNanos(1)))) {
            collectGarbage.run();
            measured = liveBytes.getAsLong();
        }
        used = measured;
        alarmed = measured > limit;
        return alarmed;
    }

    /** Whether the heap's current occupancy is past halfway from the limit to the maximum heap. */
    boolean pressing() {
        return occupiedBytes.getAsLong() > limit + (Math.max(maxHeap, limit) - limit) / 2;
    }


    /** Whether a collection may run now: none ran in the last {@code intervalNanos}. */
    private boolean mayCollect(long intervalNanos) {
        long now = nanoClock.getAsLong();
        if (collectedBefore && now - lastCollection < intervalNanos) {
            return false;
        }
        collectedBefore = true;
        lastCollection = now;
        return true;
    }
}
