package io.warrenmq.server.management;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The node's memory breakdown in RabbitMQ 3.13's categories ({@code rabbit_vm:memory()}), mapped
 * onto the JVM's pools. why a mapping: tools and the UI sum and chart these keys, so every key
 * RabbitMQ has is present; the ones the JVM has no counterpart for are 0. The mapping:
 * <ul>
 *   <li>{@code other_proc}: heap in use (Warren's objects: queues, channels, connections);
 *   <li>{@code binary}: direct buffers (message bodies live in Netty's direct memory, as
 *       RabbitMQ's are binaries);
 *   <li>{@code code}: non-heap in use (metaspace, code cache);
 *   <li>{@code allocated_unused}: heap and non-heap committed but not in use;
 *   <li>{@code other_system}: the rest of the resident size (thread stacks, GC structures, malloc);
 *   <li>{@code total}: {@code rss} (what the watermark compares), {@code allocated} (committed
 *       JVM memory plus direct buffers), {@code erlang} (in-use JVM memory plus direct buffers).
 * </ul>
 *
 * <p>Thread-safety: stateless.
 */
final class NodeMemory {
    private static final String[] ZERO_KEYS = {"connection_readers", "connection_writers", "connection_channels",
            "connection_other", "queue_procs", "quorum_queue_procs", "stream_queue_procs",
            "stream_queue_replica_reader_procs", "stream_queue_coordinator_procs", "plugins", "metrics", "mgmt_db",
            "mnesia", "quorum_ets", "stream_queue_coordinator_ets", "other_ets", "msg_index", "atom",
            "reserved_unallocated"};

    private NodeMemory() {
    }

    /** {@code {memory: {...}}} as GET /api/nodes/{n}/memory answers; {@code rss} is the resident size. */
    static Map<String, Object> breakdown(long rss) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
        long direct = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            direct += Math.max(0, pool.getMemoryUsed());
        }
        long used = heap.getUsed() + nonHeap.getUsed() + direct;
        long allocated = heap.getCommitted() + nonHeap.getCommitted() + direct;
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : ZERO_KEYS) {
            m.put(k, 0L);
        }
        m.put("other_proc", heap.getUsed());
        m.put("binary", direct);
        m.put("code", nonHeap.getUsed());
        m.put("allocated_unused", Math.max(0, allocated - used));
        m.put("other_system", Math.max(0, rss - allocated));
        m.put("strategy", "rss");
        Map<String, Object> total = new LinkedHashMap<>();
        total.put("erlang", used);
        total.put("rss", rss);
        total.put("allocated", allocated);
        m.put("total", total);
        return Map.of("memory", m);
    }
}
