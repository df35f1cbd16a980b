package io.warrenmq.server;

import io.warrenmq.server.alarm.MemoryWatermark;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a {@link Broker} needs to start, with RabbitMQ's defaults.
 *
 * <p>Immutable; build one with {@link #defaults()} and the {@code with*} methods, from a
 * {@code rabbitmq.conf}-style file with {@link ConfigLoader}, or from command-line flags.
 */
public record BrokerConfig(
        String host,
        int port,
        String defaultUser,
        String defaultPass,
        String defaultVhost,
        List<String> loopbackUsers,
        int frameMax,
        int channelMax,
        int heartbeatSeconds,
        long maxMessageSize,
        Path dataDir,
        int ioThreads,
        long consumerTimeoutMillis,
        MemoryWatermark memoryHighWatermark,
        long diskFreeLimit) {

    /** RabbitMQ's limit on {@code max_message_size}: 512 MiB. */
    public static final long MAX_MESSAGE_SIZE_LIMIT = 512L * 1024 * 1024;
    /** RabbitMQ's default {@code disk_free_limit.absolute}: 50 MB (50,000,000 bytes). */
    public static final long DEFAULT_DISK_FREE_LIMIT = 50_000_000L;

    /**
     * Event loops when {@code io_threads} is not set: half the cores, at least one.
     *
     * <p>why: the loops are not the only busy threads. The kernel's network processing for every
     * socket, the journal, the JIT and the GC need cores too, and on a small machine so do the
     * clients. On the 2-core machines we measure on, one loop against two: the same transient
     * throughput, a steady p99 of 18 ms instead of 207 ms unthrottled, and about a third lower
     * p99 at 10k msg/s, because a message then never waits for a second thread to be woken and
     * scheduled (docs/benchmarks.md, "How many event loops").
     */
    public static int defaultIoThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    public static BrokerConfig defaults() {
        return new BrokerConfig("0.0.0.0", 5672, "guest", "guest", "/", List.of("guest"),
                131072, 2047, 60, 128L * 1024 * 1024, Path.of("data"),
                defaultIoThreads(), 30L * 60 * 1000, MemoryWatermark.DEFAULT,
                DEFAULT_DISK_FREE_LIMIT);
    }

    public BrokerConfig withHost(String host) {
        return new BrokerConfig(host, port, defaultUser, defaultPass, defaultVhost, loopbackUsers,
                frameMax, channelMax, heartbeatSeconds, maxMessageSize, dataDir, ioThreads, consumerTimeoutMillis,
                memoryHighWatermark, diskFreeLimit);
    }

    /** Port 0 picks a free ephemeral port; read it back with {@link Broker#port()}. */
    public BrokerConfig withPort(int port) {
        return new BrokerConfig(host, port, defaultUser, defaultPass, defaultVhost, loopbackUsers,
                frameMax, channelMax, heartbeatSeconds, maxMessageSize, dataDir, ioThreads, consumerTimeoutMillis,
                memoryHighWatermark, diskFreeLimit);
    }

    public BrokerConfig withDefaultUser(String user, String pass) {
        return new BrokerConfig(host, port, user, pass, defaultVhost, loopbackUsers,
                frameMax, channelMax, heartbeatSeconds, maxMessageSize, dataDir, ioThreads, consumerTimeoutMillis,
                memoryHighWatermark, diskFreeLimit);
    }

    public BrokerConfig withDefaultVhost(String vhost) {
        return new BrokerConfig(host, port, defaultUser, defaultPass, vhost, loopbackUsers,
                frameMax, channelMax, heartbeatSeconds, maxMessageSize, dataDir, ioThreads, consumerTimeoutMillis,
                memoryHighWatermark, diskFreeLimit);
    }

    public BrokerConfig withLoopbackUsers(List<String> users) {
        return new BrokerConfig(host, port, defaultUser, defaultPass, defaultVhost, List.copyOf(users),
                frameMax, channelMax, heartbeatSeconds, maxMessageSize, dataDir, ioThreads, consumerTimeoutMillis,
                memoryHighWatermark, diskFreeLimit);
    }

    public BrokerConfig withFrameMax(int frameMax) {
        return new BrokerConfig(host, port, defaultUser, defaultPass, defaultVhost, loopbackUsers,
                frameMax, channelMax, heartbeatSeconds, maxMessageSize, dataDir, ioThreads, consumerTimeoutMillis,
                memoryHighWatermark, diskFreeLimit);
    }

    public BrokerConfig withChannelMax(int channelMax) {
        return new BrokerConfig(host, port, defaultUser, defaultPass, defaultVhost, loopbackUsers,
                frameMax, channelMax, heartbeatSeconds, maxMessageSize, dataDir, ioThreads, consumerTimeoutMillis,
                memoryHighWatermark, diskFreeLimit);
    }

    /** Heartbeat interval the server proposes in {@code connection.tune}; 0 disables. */
    public BrokerConfig withHeartbeat(int seconds) {
        return new BrokerConfig(host, port, defaultUser, defaultPass, defaultVhost, loopbackUsers,
                frameMax, channelMax, seconds, maxMessageSize, dataDir, ioThreads, consumerTimeoutMillis,
                memoryHighWatermark, diskFreeLimit);
    }

    public BrokerConfig withMaxMessageSize(long bytes) {
        return new BrokerConfig(host, port, defaultUser, defaultPass, defaultVhost, loopbackUsers,
                frameMax, channelMax, heartbeatSeconds, bytes, dataDir, ioThreads, consumerTimeoutMillis,
                memoryHighWatermark, diskFreeLimit);
    }

    public BrokerConfig withDataDir(Path dir) {
        return new BrokerConfig(host, port, defaultUser, defaultPass, defaultVhost, loopbackUsers,
                frameMax, channelMax, heartbeatSeconds, maxMessageSize, dir, ioThreads, consumerTimeoutMillis,
                memoryHighWatermark, diskFreeLimit);
    }

    public BrokerConfig withIoThreads(int threads) {
        return new BrokerConfig(host, port, defaultUser, defaultPass, defaultVhost, loopbackUsers,
                frameMax, channelMax, heartbeatSeconds, maxMessageSize, dataDir, threads, consumerTimeoutMillis,
                memoryHighWatermark, diskFreeLimit);
    }

    /** consumer_timeout: how long a delivery may stay unacknowledged before its channel is closed; 0 disables. */
    public BrokerConfig withConsumerTimeout(long millis) {
        return new BrokerConfig(host, port, defaultUser, defaultPass, defaultVhost, loopbackUsers,
                frameMax, channelMax, heartbeatSeconds, maxMessageSize, dataDir, ioThreads, millis,
                memoryHighWatermark, diskFreeLimit);
    }

    /** vm_memory_high_watermark.relative: publishers are blocked above this fraction of the maximum heap. */
    public BrokerConfig withMemoryHighWatermark(double fraction) {
        return withMemoryHighWatermark(MemoryWatermark.relative(fraction));
    }

    /** vm_memory_high_watermark.absolute: publishers are blocked above this many bytes of live memory. */
    public BrokerConfig withMemoryHighWatermarkAbsolute(long bytes) {
        return withMemoryHighWatermark(MemoryWatermark.absolute(bytes));
    }

    public BrokerConfig withMemoryHighWatermark(MemoryWatermark watermark) {
        return new BrokerConfig(host, port, defaultUser, defaultPass, defaultVhost, loopbackUsers,
                frameMax, channelMax, heartbeatSeconds, maxMessageSize, dataDir, ioThreads, consumerTimeoutMillis,
                watermark, diskFreeLimit);
    }

    /** disk_free_limit.absolute: publishers are blocked while the data directory's disk has less free space. */
    public BrokerConfig withDiskFreeLimit(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("disk_free_limit must be >= 0, got " + bytes);
        }
        return new BrokerConfig(host, port, defaultUser, defaultPass, defaultVhost, loopbackUsers,
                frameMax, channelMax, heartbeatSeconds, maxMessageSize, dataDir, ioThreads, consumerTimeoutMillis,
                memoryHighWatermark, bytes);
    }
}
