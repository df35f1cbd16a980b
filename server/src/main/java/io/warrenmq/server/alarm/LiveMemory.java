package io.warrenmq.server.alarm;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;

/**
 * What the memory alarm measures: the heap as the garbage collector left it after its most recent
 * collection, plus the direct memory Netty's default allocator holds (where message bodies live).
 *
 * <p>why not {@code totalMemory() - freeMemory()}: that counts garbage the collector has not reclaimed
 * yet, so it rises to the heap size under any steady allocation and would raise the alarm on a broker
 * that holds almost nothing. A pool's {@link MemoryPoolMXBean#getCollectionUsage() collection usage} is
 * what survived the last collection of that pool. A pool no collector has run on yet counts with its
 * current usage. The limits of this measure are in docs/alarms.md.
 *
 * <p>Thread-safety: stateless; the MXBeans are thread-safe. Called on the {@code resource-alarms} thread.
 */
final class LiveMemory {
    /** why a holder: {@link #nettyDirect()} is called at broker start, before anything needs the MXBeans. */
    private static final class Beans {
        static final List<MemoryPoolMXBean> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .toList();
        static final List<GarbageCollectorMXBean> COLLECTORS = ManagementFactory.getGarbageCollectorMXBeans();
    }

    private LiveMemory() {
    }

    /** Live heap plus Netty direct memory, in bytes. */
    static long bytes() {
        return heapAfterCollection() + nettyDirect();
    }

    static long heapAfterCollection() {
        long total = 0;
        for (MemoryPoolMXBean pool : Beans.HEAP_POOLS) {
            MemoryUsage afterCollection = pool.getCollectionUsage();
            MemoryUsage now = pool.getUsage();
            if (afterCollection != null && collected(pool)) {
                total += afterCollection.getUsed();
            } else if (now != null) {
                total += now.getUsed();
            }
        }
        return total;
    }

    /**
     * The heap as occupied now outside the young generation (eden, where garbage piles up between
     * young collections), plus Netty's direct memory: an upper bound on live memory that, unlike
     * {@link #bytes()}, counts what was promoted since the old generation's last collection.
     */
    static long occupiedBytes() {
        long total = 0;
        for (MemoryPoolMXBean pool : Beans.HEAP_POOLS) {
            MemoryUsage now = pool.getUsage();
            if (now != null && !pool.getName().contains("Eden")) {
                total += now.getUsed();
            }
        }
        return total + nettyDirect();
    }

    /** Pooled direct buffers held by the allocator every connection uses (ctx.alloc() is the default one). */
    static long nettyDirect() {
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider) {
            return Math.max(0, provider.metric().usedDirectMemory());
        }
        return 0;
    }

    private static boolean collected(MemoryPoolMXBean pool) {
        for (GarbageCollectorMXBean collector : Beans.COLLECTORS) {
            if (collector.getCollectionCount() > 0
                    && List.of(collector.getMemoryPoolNames()).contains(pool.getName())) {
                return true;
            }
        }
        return false;
    }
}
