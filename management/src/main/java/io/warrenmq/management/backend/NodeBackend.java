package io.warrenmq.management.backend;

import java.util.List;
import java.util.Map;

/**
 * The node: identity, versions, listeners, memory, disk, file descriptors, alarms.
 *
 * <p>Thread-safety: every method may be called from the management loop; none blocks (the
 * figures are read off the JVM and the broker's alarm checker).
 */
public interface NodeBackend {
    /** The node's name as RabbitMQ spells it ({@code warren@host}). */
    String nodeName();

    /** The cluster name ({@code cluster_name}). */
    default String clusterName() {
        return "warren";
    }

    /** The RabbitMQ release Warren behaves as ({@code rabbitmq_version}, {@code management_version}). */
    default String compatibilityVersion() {
        return "3.13.7";
    }

    /** Warren's own version ({@code product_version}). */
    default String productVersion() {
        return "0";
    }

    /** One bound listener as {@code rabbit_networking} lists it; protocol amqp, amqp/ssl, http, https or http/prometheus. */
    record Listener(String protocol, String ipAddress, int port) {
    }

    default List<Listener> listeners() {
        return List.of();
    }

    /**
     * The node's resources now (rabbit_mgmt's node fields).
     *
     * @param uptimeMillis since the JVM started
     * @param memUsed resident memory (RabbitMQ's rss strategy), bytes
     * @param memLimit the memory high watermark, bytes
     * @param fdTotal the process's file descriptor limit ({@code ulimit -n}), -1 when unknown
     * @param socketsTotal RabbitMQ's sockets limit (its share of the descriptor limit)
     * @param procUsed live threads (Erlang processes have no JVM equivalent; threads are the nearest)
     */
    record Resources(long uptimeMillis, int processors, String osPid, long memUsed, long memLimit, boolean memAlarm,
            long diskFree, long diskFreeLimit, boolean diskFreeAlarm, long fdUsed, long fdTotal, long socketsUsed,
            long socketsTotal, long procUsed, long procTotal) {
    }

    default Resources resources() {
        return new Resources(0, 1, "0", 0, 0, false, 0, 0, false, 0, -1, 0, 0, 0, 0);
    }

    /**
     * The memory breakdown as {@code GET /api/nodes/{n}/memory} shows it: RabbitMQ's category names
     * (total, code, other_proc, binary, ...) mapped onto the JVM's pools; values in bytes.
     */
    default Map<String, Object> memoryBreakdown() {
        return Map.of();
    }
}
