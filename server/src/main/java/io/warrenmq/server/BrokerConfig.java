package io.warrenmq.server;

import io.warrenmq.management.ManagementOptions;
import io.warrenmq.server.alarm.MemoryWatermark;
import io.warrenmq.server.tls.TlsOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a {@link Broker} needs to start, with RabbitMQ's defaults.
 *
 * <p>Immutable; build one with {@link #defaults()} and the {@code with*} methods, from a
 * {@code rabbitmq.conf}-style file with {@link ConfigLoader}, or from command-line flags. Each
 * {@code with*} method copies the record through a {@link Builder}, so a new setting is one
 * component, one builder field and one method, not an edit of every other method.
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
        long diskFreeLimit,
        String clusterName,
        String compatibilityVersion,
        List<String> defaultUserTags,
        List<String> defaultPermissions,
        Path loadDefinitions,
        TlsOptions tls,
        List<String> authMechanisms,
        String sslCertLoginFrom,
        ManagementOptions management,
        TlsOptions managementTls,
        DeprecatedFeatures deprecatedFeatures,
        long handshakeTimeoutMillis,
        io.warrenmq.server.limits.NodeLimits nodeLimits,
        io.warrenmq.server.logging.LogOptions logging) {

    /** RabbitMQ's limit on {@code max_message_size}: 512 MiB. */
    public static final long MAX_MESSAGE_SIZE_LIMIT = 512L * 1024 * 1024;
    /** RabbitMQ's default {@code disk_free_limit.absolute}: 50 MB (50,000,000 bytes). */
    public static final long DEFAULT_DISK_FREE_LIMIT = 50_000_000L;
    /**
     * The RabbitMQ release whose behaviour Warren follows, announced as {@code version} in
     * {@code connection.start}: clients gate features on it (the Java client's tests, Spring Boot's
     * health indicator), so it must be a RabbitMQ version, not Warren's own.
     */
    public static final String DEFAULT_COMPATIBILITY_VERSION = "3.13.7";

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
                DEFAULT_DISK_FREE_LIMIT, "warren", DEFAULT_COMPATIBILITY_VERSION, List.of("administrator"),
                List.of(".*", ".*", ".*"), null, TlsOptions.NONE, List.of("PLAIN", "AMQPLAIN"), "common_name",
                ManagementOptions.DISABLED, TlsOptions.NONE.withPort(TlsOptions.DEFAULT_MANAGEMENT_PORT),
                DeprecatedFeatures.PERMITTED, DEFAULT_HANDSHAKE_TIMEOUT_MILLIS,
                io.warrenmq.server.limits.NodeLimits.DEFAULTS, io.warrenmq.server.logging.LogOptions.DEFAULTS);
    }

    /** RabbitMQ's {@code handshake_timeout}: 10 s from the TCP accept to connection.open (and TLS). */
    public static final long DEFAULT_HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    /**
     * {@code handshake_timeout}: a connection that has not completed its handshake (protocol header,
     * start/tune/open, and SASL and open for AMQP 1.0) this long after it was accepted is closed.
     */
    public BrokerConfig withHandshakeTimeout(long millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException("handshake_timeout must be positive, got " + millis);
        }
        return builder().handshakeTimeoutMillis(millis).build();
    }

    /** The node-wide limits: connection_max, cluster_queue_limit, declares under the memory alarm, sockets. */
    public BrokerConfig withNodeLimits(io.warrenmq.server.limits.NodeLimits limits) {
        return builder().nodeLimits(java.util.Objects.requireNonNull(limits, "limits")).build();
    }

    /** RabbitMQ's log.* keys; applied by Main only (a program embedding the broker configures its own backend). */
    public BrokerConfig withLogging(io.warrenmq.server.logging.LogOptions options) {
        return builder().logging(java.util.Objects.requireNonNull(options, "options")).build();
    }

    public BrokerConfig withHost(String host) {
        return builder().host(host).build();
    }

    /** Port 0 picks a free ephemeral port; read it back with {@link Broker#port()}. */
    public BrokerConfig withPort(int port) {
        return builder().port(port).build();
    }

    public BrokerConfig withDefaultUser(String user, String pass) {
        return builder().defaultUser(user).defaultPass(pass).build();
    }

    public BrokerConfig withDefaultVhost(String vhost) {
        return builder().defaultVhost(vhost).build();
    }

    public BrokerConfig withLoopbackUsers(List<String> users) {
        return builder().loopbackUsers(List.copyOf(users)).build();
    }

    public BrokerConfig withFrameMax(int frameMax) {
        return builder().frameMax(frameMax).build();
    }

    public BrokerConfig withChannelMax(int channelMax) {
        return builder().channelMax(channelMax).build();
    }

    /** Heartbeat interval the server proposes in {@code connection.tune}; 0 disables. */
    public BrokerConfig withHeartbeat(int seconds) {
        return builder().heartbeatSeconds(seconds).build();
    }

    public BrokerConfig withMaxMessageSize(long bytes) {
        return builder().maxMessageSize(bytes).build();
    }

    public BrokerConfig withDataDir(Path dir) {
        return builder().dataDir(dir).build();
    }

    public BrokerConfig withIoThreads(int threads) {
        return builder().ioThreads(threads).build();
    }

    /** consumer_timeout: how long a delivery may stay unacknowledged before its channel is closed; 0 disables. */
    public BrokerConfig withConsumerTimeout(long millis) {
        return builder().consumerTimeoutMillis(millis).build();
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
        return builder().memoryHighWatermark(watermark).build();
    }

    /** disk_free_limit.absolute: publishers are blocked while the data directory's disk has less free space. */
    public BrokerConfig withDiskFreeLimit(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("disk_free_limit must be >= 0, got " + bytes);
        }
        return builder().diskFreeLimit(bytes).build();
    }

    /** cluster_name: announced in {@code connection.start} (and, later, by the management API). */
    public BrokerConfig withClusterName(String name) {
        return builder().clusterName(name).build();
    }

    /** The RabbitMQ version announced as {@code version} in {@code connection.start}. */
    public BrokerConfig withCompatibilityVersion(String version) {
        return builder().compatibilityVersion(version).build();
    }

    /** default_user_tags.*: the tags the first user gets (RabbitMQ: administrator). */
    public BrokerConfig withDefaultUserTags(List<String> tags) {
        return builder().defaultUserTags(List.copyOf(tags)).build();
    }

    /**
     * default_permissions.configure/write/read: the first user's permissions in the default vhost
     * (RabbitMQ: {@code .*} each).
     */
    public BrokerConfig withDefaultPermissions(String configure, String write, String read) {
        return builder().defaultPermissions(List.of(configure, write, read)).build();
    }

    /**
     * load_definitions: a RabbitMQ definitions file imported at every start, after the stored state
     * is restored and before the listener opens (null: none). A bad file stops the start.
     */
    public BrokerConfig withLoadDefinitions(Path file) {
        return builder().loadDefinitions(file).build();
    }

    /** listeners.ssl.default and ssl_options.*: the AMQPS listener ({@link TlsOptions#NONE}: none). */
    public BrokerConfig withTls(TlsOptions options) {
        return builder().tls(options).build();
    }

    /**
     * auth_mechanisms.N: the SASL mechanisms offered, in order (RabbitMQ's default PLAIN, AMQPLAIN;
     * EXTERNAL is offered only on TLS connections whose client sent a verified certificate).
     */
    public BrokerConfig withAuthMechanisms(List<String> mechanisms) {
        return builder().authMechanisms(List.copyOf(mechanisms)).build();
    }

    /** ssl_cert_login_from: common_name (default) or distinguished_name, for EXTERNAL. */
    public BrokerConfig withSslCertLoginFrom(String from) {
        return builder().sslCertLoginFrom(from).build();
    }

    /**
     * The management API and Prometheus listeners. Off in {@link #defaults()}: an embedded broker
     * (a library, a test) opens no port it was not asked for; the broker process ({@link Main},
     * {@link ConfigLoader}) starts from {@link ManagementOptions#SERVER_DEFAULTS}, on as in RabbitMQ.
     */
    public BrokerConfig withManagement(ManagementOptions options) {
        return builder().management(options).build();
    }

    /**
     * HTTPS for the management API ({@code management.ssl.*}, RabbitMQ's keys, default port 15671);
     * off until a certificate is configured.
     */
    public BrokerConfig withManagementTls(TlsOptions options) {
        return builder().managementTls(options).build();
    }

    /**
     * deprecated_features.permit.*: which of RabbitMQ's deprecated features are permitted (all, by
     * default, as in RabbitMQ 3.13; {@link DeprecatedFeatures#RABBITMQ_4_3} denies what 4.3 denies).
     */
    public BrokerConfig withDeprecatedFeatures(DeprecatedFeatures features) {
        return builder().deprecatedFeatures(java.util.Objects.requireNonNull(features)).build();
    }

    private Builder builder() {
        return new Builder(this);
    }

    /** A mutable copy of a config, used by the {@code with*} methods. Not thread-safe. */
    private static final class Builder {
        private String host;
        private int port;
        private String defaultUser;
        private String defaultPass;
        private String defaultVhost;
        private List<String> loopbackUsers;
        private int frameMax;
        private int channelMax;
        private int heartbeatSeconds;
        private long maxMessageSize;
        private Path dataDir;
        private int ioThreads;
        private long consumerTimeoutMillis;
        private MemoryWatermark memoryHighWatermark;
        private long diskFreeLimit;
        private String clusterName;
        private String compatibilityVersion;
        private List<String> defaultUserTags;
        private List<String> defaultPermissions;
        private Path loadDefinitions;
        private TlsOptions tls;
        private List<String> authMechanisms;
        private String sslCertLoginFrom;
        private ManagementOptions management;
        private TlsOptions managementTls;
        private DeprecatedFeatures deprecatedFeatures;
        private long handshakeTimeoutMillis;
        private io.warrenmq.server.limits.NodeLimits nodeLimits;
        private io.warrenmq.server.logging.LogOptions logging;

        Builder(BrokerConfig c) {
            host = c.host;
            port = c.port;
            defaultUser = c.defaultUser;
            defaultPass = c.defaultPass;
            defaultVhost = c.defaultVhost;
            loopbackUsers = c.loopbackUsers;
            frameMax = c.frameMax;
            channelMax = c.channelMax;
            heartbeatSeconds = c.heartbeatSeconds;
            maxMessageSize = c.maxMessageSize;
            dataDir = c.dataDir;
            ioThreads = c.ioThreads;
            consumerTimeoutMillis = c.consumerTimeoutMillis;
            memoryHighWatermark = c.memoryHighWatermark;
            diskFreeLimit = c.diskFreeLimit;
            clusterName = c.clusterName;
            compatibilityVersion = c.compatibilityVersion;
            defaultUserTags = c.defaultUserTags;
            defaultPermissions = c.defaultPermissions;
            loadDefinitions = c.loadDefinitions;
            tls = c.tls;
            authMechanisms = c.authMechanisms;
            sslCertLoginFrom = c.sslCertLoginFrom;
            management = c.management;
            managementTls = c.managementTls;
            deprecatedFeatures = c.deprecatedFeatures;
            handshakeTimeoutMillis = c.handshakeTimeoutMillis;
            nodeLimits = c.nodeLimits;
            logging = c.logging;
        }

        Builder host(String v) { host = v; return this; }
        Builder port(int v) { port = v; return this; }
        Builder defaultUser(String v) { defaultUser = v; return this; }
        Builder defaultPass(String v) { defaultPass = v; return this; }
        Builder defaultVhost(String v) { defaultVhost = v; return this; }
        Builder loopbackUsers(List<String> v) { loopbackUsers = v; return this; }
        Builder frameMax(int v) { frameMax = v; return this; }
        Builder channelMax(int v) { channelMax = v; return this; }
        Builder heartbeatSeconds(int v) { heartbeatSeconds = v; return this; }
        Builder maxMessageSize(long v) { maxMessageSize = v; return this; }
        Builder dataDir(Path v) { dataDir = v; return this; }
        Builder ioThreads(int v) { ioThreads = v; return this; }
        Builder consumerTimeoutMillis(long v) { consumerTimeoutMillis = v; return this; }
        Builder memoryHighWatermark(MemoryWatermark v) { memoryHighWatermark = v; return this; }
        Builder diskFreeLimit(long v) { diskFreeLimit = v; return this; }
        Builder clusterName(String v) { clusterName = v; return this; }
        Builder compatibilityVersion(String v) { compatibilityVersion = v; return this; }
        Builder defaultUserTags(List<String> v) { defaultUserTags = v; return this; }
        Builder defaultPermissions(List<String> v) { defaultPermissions = v; return this; }
        Builder loadDefinitions(Path v) { loadDefinitions = v; return this; }
        Builder tls(TlsOptions v) { tls = v; return this; }
        Builder authMechanisms(List<String> v) { authMechanisms = v; return this; }
        Builder sslCertLoginFrom(String v) { sslCertLoginFrom = v; return this; }
        Builder management(ManagementOptions v) { management = v; return this; }
        Builder managementTls(TlsOptions v) { managementTls = v; return this; }
        Builder deprecatedFeatures(DeprecatedFeatures v) { deprecatedFeatures = v; return this; }
        Builder handshakeTimeoutMillis(long v) { handshakeTimeoutMillis = v; return this; }
        Builder nodeLimits(io.warrenmq.server.limits.NodeLimits v) { nodeLimits = v; return this; }
        Builder logging(io.warrenmq.server.logging.LogOptions v) { logging = v; return this; }

        BrokerConfig build() {
            return new BrokerConfig(host, port, defaultUser, defaultPass, defaultVhost, loopbackUsers, frameMax,
                    channelMax, heartbeatSeconds, maxMessageSize, dataDir, ioThreads, consumerTimeoutMillis,
                    memoryHighWatermark, diskFreeLimit, clusterName, compatibilityVersion, defaultUserTags,
                    defaultPermissions, loadDefinitions, tls, authMechanisms, sslCertLoginFrom, management,
                    managementTls, deprecatedFeatures, handshakeTimeoutMillis, nodeLimits, logging);
        }
    }
}
