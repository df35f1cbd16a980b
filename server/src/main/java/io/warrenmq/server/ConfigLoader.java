package io.warrenmq.server;

import io.warrenmq.server.alarm.InformationUnit;
import io.warrenmq.server.connection.Authenticator;
import io.warrenmq.server.management.ManagementSettings;
import io.warrenmq.management.ManagementOptions;
import io.warrenmq.server.tls.PeerIdentity;
import io.warrenmq.server.tls.TlsOptions;
import io.warrenmq.server.tls.TlsSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.warrenmq.server.config.RabbitMqConfigKeys;
import io.warrenmq.server.config.Setting;
import io.warrenmq.server.config.WarrenConfigKeys;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a {@link BrokerConfig} from a {@code rabbitmq.conf}-style file (sysctl format:
 * {@code key = value} lines, {@code #} comments) and from command-line flags, with RabbitMQ's
 * key names where RabbitMQ has one.
 *
 * <p>Flags: {@code --config FILE} reads a file first; {@code --port N}, {@code --host H} and
 * {@code --data-dir DIR} are shortcuts; {@code --KEY=VALUE} sets any file key. Later wins.
 *
 * <p>A key is one of three kinds: one Warren implements ({@link WarrenConfigKeys}) takes effect; one
 * RabbitMQ accepts and Warren does not ({@link RabbitMqConfigKeys}) is ignored with one warning per
 * key, so that an existing {@code rabbitmq.conf} starts Warren; any other is an error with its line,
 * as RabbitMQ does not boot with a key it does not know (a typo must not pass for a setting).
 * Runs on the thread that starts the broker, before anything else.
 */
public final class ConfigLoader {
    public static final String USAGE = """
            usage: warren [--help] [--version] [--config FILE] [--host H] [--port N] [--data-dir DIR] [--no-management]
                          [--start-without-definitions] [--KEY=VALUE ...]
            --start-without-definitions: open a data directory whose definitions are missing or damaged with an empty
              topology (refused by default when it holds messages: restore the definitions file instead)
            keys (as in rabbitmq.conf): listeners.tcp.default, default_user, default_pass, default_vhost,
              frame_max, channel_max, heartbeat, loopback_users (none | user list), loopback_users.USER = true|false,
              max_message_size, consumer_timeout (ms), handshake_timeout (ms), connection_max, cluster_queue_limit
              (a number or infinity), log.console = true|false, log.console.level, log.file (a path, or false),
              log.file.level (debug|info|warning|error|critical|none), log.file.rotation.date ($D0, $W0D23, $M1D0),
              log.file.rotation.size (bytes), log.file.rotation.count, log.file.rotation.compress,
              vm_memory_high_watermark.relative (fraction of max heap),
              vm_memory_high_watermark.absolute, disk_free_limit.absolute (bytes, or 50MB, 1GB, 2GiB...),
              cluster_name, default_user_tags.TAG = true|false, default_permissions.configure|write|read,
              load_definitions (a RabbitMQ definitions JSON file imported at start-up),
              listeners.ssl.default (AMQPS port, 5671), ssl_options.certfile|keyfile|cacertfile|password (PEM files),
              ssl_options.verify = verify_peer|verify_none, ssl_options.fail_if_no_peer_cert = true|false,
              ssl_options.versions.N, ssl_options.ciphers.N, auth_mechanisms.N = PLAIN|AMQPLAIN|EXTERNAL,
              ssl_cert_login_from = common_name|distinguished_name,
              management.tcp.port (15672), management.tcp.ip, management.path_prefix, management.cors.allow_origins.N,
              management.http.max_body_size, management.ssl.port (15671) and management.ssl.* as ssl_options.*,
              prometheus.tcp.port (15692), prometheus.tcp.ip;
              Warren's own: management.enabled = true|false, prometheus.enabled = true|false (--no-management: both off),
              data_dir, io_threads, warren.tls.provider = auto|jdk|openssl, warren.memory_alarm.refuse_declares = true|false
              (new queues and exchanges refused with 406 while the memory alarm is in effect; default true), warren.compatibility_version (the RabbitMQ version
              announced to clients as connection.start's "version", default 3.13.7);
            any other key RabbitMQ or one of its plugins accepts is ignored with a warning naming it and its line;
              a key RabbitMQ does not know either is an error (exit 2), as RabbitMQ refuses to boot on one""";

    private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);

    private ConfigLoader() {
    }

    public static BrokerConfig fromArgs(String[] args) {
        List<Setting> settings = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--config" -> settings.addAll(readFile(Path.of(value(args, ++i, a))));
                case "--port" -> settings.add(Setting.commandLine("listeners.tcp.default", value(args, ++i, a)));
                case "--host" -> settings.add(Setting.commandLine("warren.host", value(args, ++i, a)));
                case "--data-dir" -> settings.add(Setting.commandLine("data_dir", value(args, ++i, a)));
                case "--no-management" -> {
                    settings.add(Setting.commandLine("management.enabled", "false"));
                    settings.add(Setting.commandLine("prometheus.enabled", "false"));
                }
                case "--start-without-definitions" -> { } // Main's: opens the store with an empty topology
                case "--help", "-h" -> throw new IllegalArgumentException("help requested");
                default -> {
                    if (!a.startsWith("--") || !a.contains("=")) {
                        throw new IllegalArgumentException("unknown argument '" + a + "'");
                    }
                    int eq = a.indexOf('=');
                    settings.add(Setting.commandLine(a.substring(2, eq), a.substring(eq + 1)));
                }
            }
        }
        // the broker process serves the API and metrics by default, as RabbitMQ with its plugins does;
        // the library (BrokerConfig.defaults()) does not
        return apply(BrokerConfig.defaults().withManagement(ManagementOptions.SERVER_DEFAULTS), settings,
                ConfigLoader::warn);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    public static List<Setting> readFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        return parse(lines, file.toString());
    }

    static List<Setting> parse(List<String> lines) {
        return parse(lines, "rabbitmq.conf");
    }

    /** sysctl format as cuttlefish reads it: {@code key = value}, {@code #} comment lines, blank lines. */
    static List<Setting> parse(List<String> lines, String source) {
        List<Setting> settings = new ArrayList<>();
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(source + " line " + n + ": expected 'key = value'");
            }
            settings.add(new Setting(line.substring(0, eq).strip(), line.substring(eq + 1).strip(), n, source));
        }
        return settings;
    }

    /** Settings given in code (no file, no line), as the command line's; warnings go to the log. */
    public static BrokerConfig apply(BrokerConfig config, Map<String, String> settings) {
        List<Setting> list = new ArrayList<>();
        settings.forEach((k, v) -> list.add(Setting.commandLine(k, v)));
        return apply(config, list, ConfigLoader::warn);
    }

    private static void warn(String message) {
        log.warn(message);
    }

    /**
     * Applies the settings in order (a later one wins). A key Warren implements takes effect; a key
     * RabbitMQ knows and Warren does not is ignored with one warning per key, given to {@code warnings};
     * any other key is an error, as RabbitMQ refuses to boot on it.
     *
     * @throws IllegalArgumentException for an unknown key or a bad value, naming the key and the line
     */
    static BrokerConfig apply(BrokerConfig config, List<Setting> settings, Consumer<String> warnings) {
        Set<String> warned = new HashSet<>();
        Setting otherTcpListener = null;
        boolean tcpListener = false;
        List<Setting> implemented = new ArrayList<>();
        for (Setting s : settings) {
            String key = s.key();
            if (key.equals("listeners.tcp")) {
                throw new IllegalArgumentException(s.where() + ": '" + key + "' cannot be honoured: Warren "
                        + "always opens its AMQP listener (set listeners.tcp.default)");
            }
            if (WarrenConfigKeys.implemented(key)) {
                tcpListener |= key.startsWith("listeners.tcp.");
                implemented.add(s);
            } else if (RabbitMqConfigKeys.get().knows(key)) {
                if (key.startsWith("listeners.tcp.") && otherTcpListener == null) {
                    otherTcpListener = s;
                }
                if (warned.add(key)) {
                    warnings.accept(s.where() + ": '" + key + "' is a RabbitMQ setting Warren does not implement; "
                            + "ignored");
                }
            } else {
                throw unknown(s);
            }
        }
        if (otherTcpListener != null && !tcpListener) {
            // ignoring the only listener key would open 0.0.0.0:5672 where the operator asked for less
            throw new IllegalArgumentException(otherTcpListener.where() + ": '" + otherTcpListener.key()
                    + "' cannot be ignored: Warren opens one AMQP listener, set by listeners.tcp.default "
                    + "(or listeners.tcp.1)");
        }
        return applyImplemented(config, implemented);
    }

    /** As cuttlefish says it ("You've tried to set X, but there is no setting with that name"). */
    private static IllegalArgumentException unknown(Setting s) {
        return new IllegalArgumentException(s.where() + ": unknown setting '" + s.key()
                + "': neither RabbitMQ nor Warren has a setting with that name; did you mean "
                + String.join(", ", RabbitMqConfigKeys.get().closest(s.key(), 3)) + "?");
    }

    private static BrokerConfig applyImplemented(BrokerConfig config, List<Setting> settings) {
        BrokerConfig c = config;
        List<String> loopback = new ArrayList<>(c.loopbackUsers());
        List<String> tags = new ArrayList<>(c.defaultUserTags());
        boolean explicitTags = false;
        TlsSettings tls = new TlsSettings(c.tls());
        Map<Integer, String> mechanisms = new java.util.HashMap<>();
        ManagementSettings management = new ManagementSettings(c.management());
        TlsSettings managementTls = TlsSettings.management(c.managementTls());
        Setting current = null;
        try {
            for (Setting setting : settings) {
                current = setting;
                String key = setting.key();
                String v = setting.value();
                if (TlsSettings.handles(key)) {
                    tls.set(key, v);
                    continue;
                }
                if (TlsSettings.handlesManagement(key)) {
                    managementTls.set(key, v);
                    continue;
                }
                if (ManagementSettings.handles(key)) {
                    management.set(key, v);
                    continue;
                }
                if (key.startsWith("auth_mechanisms.")) {
                    mechanisms.put(TlsSettings.index(key, "auth_mechanisms."), v);
                    continue;
                }
                switch (key) {
                    case "listeners.tcp.default", "listeners.tcp.1" -> {
                        int colon = v.lastIndexOf(':');
                        if (colon >= 0) {
                            c = c.withHost(v.substring(0, colon)).withPort(integer(key, v.substring(colon + 1)));
                        } else {
                            c = c.withPort(integer(key, v));
                        }
                    }
                    case "warren.host" -> c = c.withHost(v);
                    case "default_user" -> c = c.withDefaultUser(v, c.defaultPass());
                    case "default_pass" -> c = c.withDefaultUser(c.defaultUser(), v);
                    case "default_vhost" -> c = c.withDefaultVhost(v);
                    case "frame_max" -> c = c.withFrameMax(integer(key, v));
                    case "channel_max" -> c = c.withChannelMax(integer(key, v));
                    case "heartbeat" -> c = c.withHeartbeat(integer(key, v));
                    case "max_message_size" -> {
                        long size = Long.parseLong(v);
                        if (size <= 0 || size > BrokerConfig.MAX_MESSAGE_SIZE_LIMIT) {
                            throw new IllegalArgumentException("max_message_size must be between 1 and "
                                    + BrokerConfig.MAX_MESSAGE_SIZE_LIMIT);
                        }
                        c = c.withMaxMessageSize(size);
                    }
                    case "data_dir" -> c = c.withDataDir(Path.of(v));
                    // RabbitMQ's key; management.load_definitions is its older spelling
                    case "load_definitions", "management.load_definitions" -> c = c.withLoadDefinitions(Path.of(v));
                    case "io_threads" -> c = c.withIoThreads(integer(key, v));
                    case "consumer_timeout" -> c = c.withConsumerTimeout(Long.parseLong(v));
                    case "handshake_timeout" -> c = c.withHandshakeTimeout(Long.parseLong(v));
                    case "log.console" -> c = c.withLogging(c.logging().withConsole(bool(key, v)));
                    case "log.console.level" -> c = c.withLogging(c.logging().withConsoleLevel(v));
                    case "log.file" -> c = c.withLogging(c.logging().withFile(v));
                    case "log.file.level" -> c = c.withLogging(c.logging().withFileLevel(v));
                    case "log.file.rotation.date" -> c = c.withLogging(c.logging().withRotationDate(v));
                    case "log.file.rotation.size" -> c = c.withLogging(c.logging().withRotationSize(bytes(key, v)));
                    case "log.file.rotation.count" -> c = c.withLogging(c.logging().withRotationCount(limit(key, v)));
                    case "log.file.rotation.compress" -> c = c.withLogging(
                            c.logging().withRotationCompress(bool(key, v)));
                    case "connection_max" -> c = c.withNodeLimits(c.nodeLimits().withConnectionMax(limit(key, v)));
                    case "cluster_queue_limit" -> c = c.withNodeLimits(
                            c.nodeLimits().withClusterQueueLimit(limit(key, v)));
                    case "warren.memory_alarm.refuse_declares" -> c = c.withNodeLimits(
                            c.nodeLimits().withRefuseDeclaresOnMemoryAlarm(bool(key, v)));
                    case "vm_memory_high_watermark.relative" -> c = c.withMemoryHighWatermark(fraction(key, v));
                    case "vm_memory_high_watermark.absolute" -> c = c.withMemoryHighWatermarkAbsolute(bytes(key, v));
                    case "disk_free_limit.absolute" -> c = c.withDiskFreeLimit(bytes(key, v));
                    case "cluster_name" -> c = c.withClusterName(v);
                    case "ssl_cert_login_from" -> {
                        if (!v.equals(PeerIdentity.COMMON_NAME) && !v.equals(PeerIdentity.DISTINGUISHED_NAME)) {
                            throw new IllegalArgumentException("ssl_cert_login_from must be common_name or "
                                    + "distinguished_name, not " + v);
                        }
                        c = c.withSslCertLoginFrom(v);
                    }
                    case "warren.compatibility_version" -> c = c.withCompatibilityVersion(v);
                    case "deprecated_features.permit." + DeprecatedFeatures.TRANSIENT_NONEXCL_QUEUES -> c =
                            c.withDeprecatedFeatures(c.deprecatedFeatures().withTransientNonExclusiveQueues(
                                    bool(key, v)));
                    case "loopback_users" -> {
                        loopback.clear();
                        if (!v.equals("none")) {
                            loopback.addAll(List.of(v.split("[,\\s]+")));
                        }
                    }
                    case "default_permissions.configure" -> c = c.withDefaultPermissions(v,
                            c.defaultPermissions().get(1), c.defaultPermissions().get(2));
                    case "default_permissions.write" -> c = c.withDefaultPermissions(c.defaultPermissions().get(0), v,
                            c.defaultPermissions().get(2));
                    case "default_permissions.read" -> c = c.withDefaultPermissions(c.defaultPermissions().get(0),
                            c.defaultPermissions().get(1), v);
                    default -> {
                        if (key.startsWith("default_user_tags.")) {
                            String tag = key.substring("default_user_tags.".length());
                            if (!explicitTags) {
                                tags.clear(); // the first default_user_tags.* key replaces RabbitMQ's default
                                explicitTags = true;
                            }
                            tags.remove(tag);
                            if (Boolean.parseBoolean(v)) {
                                tags.add(tag);
                            }
                        } else if (key.startsWith("loopback_users.")) {
                            String user = key.substring("loopback_users.".length());
                            loopback.remove(user);
                            if (Boolean.parseBoolean(v)) {
                                loopback.add(user);
                            }
                        } else {
                            throw new IllegalStateException("'" + key + "' is listed in WarrenConfigKeys but "
                                    + "ConfigLoader does not apply it");
                        }
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            // the key is in the message already (Long.parseLong's is not); a file's line tells which line
            IllegalArgumentException named = e instanceof NumberFormatException
                    ? new IllegalArgumentException(current.key() + " must be a number, got '" + current.value() + "'", e)
                    : e;
            throw current.fromFile() ? new IllegalArgumentException(current.where() + ": " + named.getMessage(), e)
                    : named;
        }
        if (!mechanisms.isEmpty()) {
            List<String> list = TlsSettings.ordered(mechanisms);
            for (String m : list) {
                if (!Authenticator.supports(m)) {
                    throw new IllegalArgumentException("auth_mechanisms: unknown mechanism '" + m
                            + "' (PLAIN, AMQPLAIN and EXTERNAL are built in)");
                }
            }
            c = c.withAuthMechanisms(list);
        }
        ManagementOptions m = management.options();
        TlsOptions https = managementTls.options();
        if (https.enabled()) {
            // as rabbit_mgmt_app: with management.ssl.* and no management.tcp.*, HTTPS only
            m = m.withHttps(https.port());
            if (!management.tcpConfigured()) {
                m = m.withListener(m.host(), -1);
            }
        }
        return c.withLoopbackUsers(loopback).withDefaultUserTags(tags).withTls(tls.options())
                .withManagement(m).withManagementTls(https);
    }

    /** A byte amount as rabbitmq.conf writes it: 50000000, 50MB, 1GB, 2GiB ({@link InformationUnit}). */
    private static long bytes(String key, String v) {
        try {
            return InformationUnit.parse(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
    }

    private static double fraction(String key, String v) {
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number such as 0.4, got '" + v + "'");
        }
        if (!(d >= 0) || Double.isInfinite(d)) {
            throw new IllegalArgumentException(key + " must be a fraction >= 0, got '" + v + "'");
        }
        return d;
    }

    /** A boolean as cuttlefish reads one: true or false, nothing else. */
    private static boolean bool(String key, String v) {
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false, got '" + v + "'");
        }
        return v.equals("true");
    }

    private static int integer(String key, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got '" + v + "'");
        }
    }

    /** A limit as RabbitMQ's schema takes one: a non-negative number, or {@code infinity} (-1 here). */
    private static int limit(String key, String v) {
        if (v.equals("infinity")) {
            return -1;
        }
        int n = integer(key, v);
        if (n < 0) {
            throw new IllegalArgumentException(key + " must be a non-negative number or infinity, got '" + v + "'");
        }
        return n;
    }
}
