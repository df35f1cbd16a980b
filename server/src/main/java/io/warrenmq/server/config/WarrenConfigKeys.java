package io.warrenmq.server.config;

import java.util.List;

/**
 * The configuration keys Warren acts on: RabbitMQ's where Warren implements them, and Warren's own
 * ({@code warren.*}, {@code data_dir}, {@code io_threads}, {@code management.enabled},
 * {@code prometheus.enabled}). The list follows what {@code ConfigLoader}, {@code TlsSettings} and
 * {@code ManagementSettings} apply; a key added there must be added here, or it is taken for a
 * RabbitMQ key Warren ignores. ConfigKeysTest checks that every pattern here is applied, and that
 * every RabbitMQ key the two settings classes apply is here.
 *
 * <p>Immutable; shared by every thread.
 */
public final class WarrenConfigKeys {
    private static final List<KeyPattern> IMPLEMENTED = List.of(
            // AMQP listener, users, limits (ConfigLoader)
            "listeners.tcp.default", "listeners.tcp.1", "default_user", "default_pass", "default_vhost",
            "frame_max", "channel_max", "heartbeat", "max_message_size", "consumer_timeout", "handshake_timeout",
            "connection_max", "cluster_queue_limit",
            "log.console", "log.console.level", "log.file", "log.file.level", "log.file.rotation.date",
            "log.file.rotation.size", "log.file.rotation.count", "log.file.rotation.compress",
            "loopback_users", "loopback_users.$user", "default_user_tags.$tag",
            "default_permissions.configure", "default_permissions.write", "default_permissions.read",
            "auth_mechanisms.$name", "ssl_cert_login_from", "cluster_name",
            "load_definitions", "management.load_definitions",
            "vm_memory_high_watermark.relative", "vm_memory_high_watermark.absolute", "disk_free_limit.absolute",
            "deprecated_features.permit.transient_nonexcl_queues",
            // AMQPS listener (TlsSettings)
            "listeners.ssl.default", "listeners.ssl.1",
            "ssl_options.certfile", "ssl_options.keyfile", "ssl_options.cacertfile", "ssl_options.password",
            "ssl_options.verify", "ssl_options.fail_if_no_peer_cert",
            "ssl_options.versions.$version", "ssl_options.ciphers.$cipher",
            // management HTTPS (TlsSettings.management); management.ssl.ip is refused there, not ignored
            "management.ssl.port", "management.ssl.ip",
            "management.ssl.certfile", "management.ssl.keyfile", "management.ssl.cacertfile",
            "management.ssl.password", "management.ssl.verify", "management.ssl.fail_if_no_peer_cert",
            "management.ssl.versions.$version", "management.ssl.ciphers.$cipher",
            // management API and Prometheus (ManagementSettings)
            "management.tcp.port", "management.tcp.ip", "management.path_prefix", "management.http.max_body_size",
            "management.cors.allow_origins.$name", "prometheus.tcp.port", "prometheus.tcp.ip",
            // Warren's own
            "management.enabled", "prometheus.enabled", "data_dir", "io_threads",
            "warren.host", "warren.tls.provider", "warren.compatibility_version",
            "warren.memory_alarm.refuse_declares")
            .stream().map(KeyPattern::of).toList();

    private WarrenConfigKeys() {
    }

    public static boolean implemented(String key) {
        List<String> segments = KeyPattern.tokenize(key);
        return IMPLEMENTED.stream().anyMatch(p -> p.matches(segments));
    }

    public static List<KeyPattern> patterns() {
        return IMPLEMENTED;
    }
}
