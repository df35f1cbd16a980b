package io.warrenmq.server;

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
        long consumerTimeoutMillis) {

    /** RabbitMQ's limit on {@code max_message_size}: 512 MiB. */
    public static final long MAX_MESSAGE_SIZE_LIMIT = 512L * 1024 * 1024;

    public static BrokerConfig defaults() {
        return new BrokerConfig("0.0.0.0", 5672, "guest", "guest", "/", List.of("guest"),
                131072, 2047, 60, 128L * 1024 * 1024, Path.of("data"),
                Runtime.getRuntime().availableProcessors(), 30L * 60 * 1000);
    }

    public BrokerConfig withHost(String host) {
        return new BrokerConfig(host, port, defaultUser, defaultPass, defaultVhost, loopbackUsers,
                frameMax, channelMax, heartbeatSeconds, maxMessageSize, dataDir, ioThreads, consumerTimeoutMillis);
    }

    /** Port 0 picks a free ephemeral port; read it back with {@link Broker#port()}. */
    public BrokerConfig withPort(int port) {
        return new BrokerConfig(host, port, defaultUser, defaultPass, defaultVhost, loopbackUsers,
                frameMax, channelMax, heartbeatSeconds, maxMessageSize, dataDir, ioThreads, consumerTimeoutMillis);
    }

    public BrokerConfig withDefaultUser(String user, String pass) {
        return new BrokerConfig(host, port, user, pass, defaultVhost, loopbackUsers,
                frameMax, channelMax, heartbeatSeconds, maxMessageSize, dataDir, ioThreads, consumerTimeoutMillis);
    }

    public BrokerConfig withDefaultVhost(String vhost) {
        return new BrokerConfig(host, port, defaultUser, defaultPass, vhost, loopbackUsers,
                frameMax, channelMax, heartbeatSeconds, maxMessageSize, dataDir, ioThreads, consumerTimeoutMillis);
    }

    public BrokerConfig withLoopbackUsers(List<String> users) {
        return new BrokerConfig(host, port, defaultUser, defaultPass, defaultVhost, List.copyOf(users),
                frameMax, channelMax, heartbeatSeconds, maxMessageSize, dataDir, ioThreads, consumerTimeoutMillis);
    }

    public BrokerConfig withFrameMax(int frameMax) {
        return new BrokerConfig(host, port, defaultUser, defaultPass, defaultVhost, loopbackUsers,
                frameMax, channelMax, heartbeatSeconds, maxMessageSize, dataDir, ioThreads, consumerTimeoutMillis);
    }

    public BrokerConfig withChannelMax(int channelMax) {
        return new BrokerConfig(host, port, defaultUser, defaultPass, defaultVhost, loopbackUsers,
                frameMax, channelMax, heartbeatSeconds, maxMessageSize, dataDir, ioThreads, consumerTimeoutMillis);
    }

    /** Heartbeat interval the server proposes in {@code connection.tune}; 0 disables. */
    public BrokerConfig withHeartbeat(int seconds) {
        return new BrokerConfig(host, port, defaultUser, defaultPass, defaultVhost, loopbackUsers,
                frameMax, channelMax, seconds, maxMessageSize, dataDir, ioThreads, consumerTimeoutMillis);
    }

    public BrokerConfig withMaxMessageSize(long bytes) {
        return new BrokerConfig(host, port, defaultUser, defaultPass, defaultVhost, loopbackUsers,
                frameMax, channelMax, heartbeatSeconds, bytes, dataDir, ioThreads, consumerTimeoutMillis);
    }

    public BrokerConfig withDataDir(Path dir) {
        return new BrokerConfig(host, port, defaultUser, defaultPass, defaultVhost, loopbackUsers,
                frameMax, channelMax, heartbeatSeconds, maxMessageSize, dir, ioThreads, consumerTimeoutMillis);
    }

    public BrokerConfig withIoThreads(int threads) {
        return new BrokerConfig(host, port, defaultUser, defaultPass, defaultVhost, loopbackUsers,
                frameMax, channelMax, heartbeatSeconds, maxMessageSize, dataDir, threads, consumerTimeoutMillis);
    }

    /** consumer_timeout: how long a delivery may stay unacknowledged before its channel is closed; 0 disables. */
    public BrokerConfig withConsumerTimeout(long millis) {
        return new BrokerConfig(host, port, defaultUser, defaultPass, defaultVhost, loopbackUsers,
                frameMax, channelMax, heartbeatSeconds, maxMessageSize, dataDir, ioThreads, millis);
    }
}
