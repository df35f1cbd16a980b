package io.warrenmq.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warrenmq.server.alarm.MemoryWatermark;
import io.warrenmq.server.config.KeyPattern;
import io.warrenmq.server.config.RabbitMqConfigKeys;
import io.warrenmq.server.config.Setting;
import io.warrenmq.server.config.WarrenConfigKeys;
import io.warrenmq.server.management.ManagementSettings;
import io.warrenmq.server.tls.TlsSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which keys of an existing rabbitmq.conf take effect, which are ignored with a warning (RabbitMQ's,
 * Warren does not implement them) and which stop the broker (unknown to RabbitMQ too).
 */
class ConfigKeysTest {
    /** The shape of a production rabbitmq.conf, after RabbitMQ's rabbitmq.conf.example and its docs. */
    static final String PRODUCTION = """
            # rabbitmq.conf of a production node
            listeners.tcp.default = 5673
            num_acceptors.tcp = 10
            handshake_timeout = 15000
            reverse_dns_lookups = false

            ## Security, Access Control
            loopback_users.guest = false
            auth_mechanisms.1 = PLAIN
            auth_mechanisms.2 = AMQPLAIN
            auth_backends.1 = internal
            password_hashing_module = rabbit_password_hashing_sha256
            default_vhost = prod
            default_user = ops
            default_pass = s3cret
            default_user_tags.administrator = true
            default_permissions.configure = .*
            default_permissions.read = .*
            default_permissions.write = .*

            ## Limits and flow control
            heartbeat = 30
            frame_max = 131072
            channel_max = 128
            connection_max = infinity
            vm_memory_high_watermark.relative = 0.6
            vm_memory_high_watermark_paging_ratio = 0.75
            disk_free_limit.absolute = 2GB
            tcp_listen_options.backlog = 4096
            tcp_listen_options.nodelay = true
            tcp_listen_options.sndbuf = 196608
            tcp_listen_options.recbuf = 196608
            collect_statistics_interval = 10000

            ## Clustering
            cluster_name = eu-west-1
            cluster_formation.peer_discovery_backend = classic_config
            cluster_formation.classic_config.nodes.1 = rabbit@node1
            cluster_formation.classic_config.nodes.2 = rabbit@node2
            cluster_partition_handling = pause_minority
            queue_master_locator = min-masters
            default_queue_type = quorum

            ## Logging
            log.file.level = info
            log.file.rotation.date = $D0
            log.file.rotation.count = 7
            log.console = true
            log.console.level = warning

            ## Plugins
            management.tcp.port = 15673
            management.rates_mode = basic
            management.sample_retention_policies.global.minute = 5
            prometheus.return_per_object_metrics = false
            mqtt.listeners.tcp.default = 1883
            mqtt.allow_anonymous = false
            mqtt.allow_anonymous = true
            """;

    private record Loaded(BrokerConfig config, List<String> warnings) {
    }

    private static Loaded load(String text) {
        List<String> warnings = new ArrayList<>();
        BrokerConfig c = ConfigLoader.apply(BrokerConfig.defaults(), ConfigLoader.parse(text.lines().toList()),
                warnings::add);
        return new Loaded(c, warnings);
    }

    private static IllegalArgumentException refused(String text) {
        return assertThrows(IllegalArgumentException.class, () -> load(text));
    }

    private static String ignored(int line, String key) {
        return "rabbitmq.conf line " + line + ": '" + key + "' is a RabbitMQ setting Warren does not implement; ignored";
    }

    @Test
    void aProductionConfLoadsTheKeysWarrenImplementsTakeEffectAndTheOthersWarnOnceEach() {
        Loaded l = load(PRODUCTION);
        BrokerConfig c = l.config();

        assertEquals(5673, c.port());
        assertEquals(List.of(), c.loopbackUsers());
        assertEquals(List.of("PLAIN", "AMQPLAIN"), c.authMechanisms());
        assertEquals("prod", c.defaultVhost());
        assertEquals("ops", c.defaultUser());
        assertEquals("s3cret", c.defaultPass());
        assertEquals(List.of("administrator"), c.defaultUserTags());
        assertEquals(30, c.heartbeatSeconds());
        assertEquals(131072, c.frameMax());
        assertEquals(128, c.channelMax());
        assertEquals(MemoryWatermark.relative(0.6), c.memoryHighWatermark());
        assertEquals(2_000_000_000L, c.diskFreeLimit());
        assertEquals("eu-west-1", c.clusterName());
        assertEquals(15673, c.management().port());
        assertEquals(15_000, c.handshakeTimeoutMillis());
        assertEquals(-1, c.nodeLimits().connectionMax()); // connection_max = infinity
        assertEquals(new io.warrenmq.server.logging.LogOptions(true, "warning", null, "info", "$D0", 0, 7, false),
                c.logging());

        assertEquals(List.of(ignored(3, "num_acceptors.tcp"),
                ignored(5, "reverse_dns_lookups"), ignored(11, "auth_backends.1"),
                ignored(12, "password_hashing_module"),
                ignored(27, "vm_memory_high_watermark_paging_ratio"), ignored(29, "tcp_listen_options.backlog"),
                ignored(30, "tcp_listen_options.nodelay"), ignored(31, "tcp_listen_options.sndbuf"),
                ignored(32, "tcp_listen_options.recbuf"), ignored(33, "collect_statistics_interval"),
                ignored(37, "cluster_formation.peer_discovery_backend"),
                ignored(38, "cluster_formation.classic_config.nodes.1"),
                ignored(39, "cluster_formation.classic_config.nodes.2"), ignored(40, "cluster_partition_handling"),
                ignored(41, "queue_master_locator"), ignored(42, "default_queue_type"),
                ignored(53, "management.rates_mode"), ignored(54, "management.sample_retention_policies.global.minute"),
                ignored(55, "prometheus.return_per_object_metrics"), ignored(56, "mqtt.listeners.tcp.default"),
                ignored(57, "mqtt.allow_anonymous")), l.warnings(),
                "one warning per key: mqtt.allow_anonymous's second line (58) adds none");
    }

    @Test
    void aKeyRabbitMqDoesNotKnowStopsTheLoadNamingItsLine() {
        IllegalArgumentException e = refused("""
                heartbeat = 30
                # a comment
                no_such_key = 1
                """);
        assertTrue(e.getMessage().startsWith("rabbitmq.conf line 3: unknown setting 'no_such_key': neither RabbitMQ "
                + "nor Warren has a setting with that name"), e.getMessage());
    }

    @Test
    void aTypoOfAKnownKeyIsRefusedWithTheKeyItResembles() {
        IllegalArgumentException e = refused("listners.tcp.default = 5672");
        assertTrue(e.getMessage().startsWith("rabbitmq.conf line 1: unknown setting 'listners.tcp.default'"),
                e.getMessage());
        assertTrue(e.getMessage().contains("did you mean listeners.tcp.$name"), e.getMessage());
        // a known pattern with one segment too many is no match either, as in cuttlefish
        assertTrue(refused("log.file.level.extra = info").getMessage().contains("'log.file.level.extra'"));
    }

    @Test
    void aPluginKeyWithAVariableSegmentIsKnown() {
        Loaded l = load("management.oauth_resource_servers.rs1.oauth_token_endpoint_params.audience = x\n"
                + "auth_oauth2.oauth_providers.idp_prod.issuer = https://idp.example.com");
        assertEquals(List.of(ignored(1, "management.oauth_resource_servers.rs1.oauth_token_endpoint_params.audience"),
                ignored(2, "auth_oauth2.oauth_providers.idp_prod.issuer")), l.warnings());
    }

    @Test
    void commandLineKeysAreClassifiedTheSameWithoutALine() {
        List<String> warnings = new ArrayList<>();
        BrokerConfig c = ConfigLoader.apply(BrokerConfig.defaults(),
                List.of(Setting.commandLine("log.syslog", "true"), Setting.commandLine("heartbeat", "7")),
                warnings::add);
        assertEquals(7, c.heartbeatSeconds());
        assertEquals(List.of("command line: 'log.syslog' is a RabbitMQ setting Warren does not implement; "
                + "ignored"), warnings);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.fromArgs(new String[] {"--port", "0", "--heartbaet=7"}));
        assertTrue(e.getMessage().startsWith("command line: unknown setting 'heartbaet'"), e.getMessage());
        assertTrue(e.getMessage().contains("heartbeat"), e.getMessage());
        assertEquals("DEBUG", io.warrenmq.server.logging.LogOptions.level(
                ConfigLoader.fromArgs(new String[] {"--port", "0", "--log.file.level=debug"}).logging().fileLevel()));
    }

    @Test
    void aBadValueOfAKnownKeyNamesTheKeyAndTheLine() {
        assertEquals("rabbitmq.conf line 2: frame_max must be a number, got 'big'",
                refused("heartbeat = 1\nframe_max = big").getMessage());
        assertEquals("rabbitmq.conf line 1: max_message_size must be a number, got 'lots'",
                refused("max_message_size = lots").getMessage());
        assertEquals("rabbitmq.conf line 1: ssl_options.verify must be verify_peer or verify_none, not yes",
                refused("ssl_options.verify = yes").getMessage());
    }

    @Test
    void aConfigFileIsNamedAsGiven(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("prod.conf"), "heartbeat = 5\nbogus = 1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.fromArgs(new String[] {"--config", file.toString()}));
        assertTrue(e.getMessage().startsWith(file + " line 2: unknown setting 'bogus'"), e.getMessage());
    }

    @Test
    void listenerKeysWarrenCannotIgnoreSafelyAreRefused() {
        // ignoring these would open 0.0.0.0:5672 where the operator asked for a narrower listener or none
        assertTrue(refused("listeners.tcp = none").getMessage().startsWith("rabbitmq.conf line 1: 'listeners.tcp' "
                + "cannot be honoured"));
        assertTrue(refused("listeners.tcp.local = 127.0.0.1:5672").getMessage().startsWith("rabbitmq.conf line 1: "
                + "'listeners.tcp.local' cannot be ignored: Warren opens one AMQP listener"));
        // with the listener Warren reads given, a second one is only a warning
        Loaded l = load("listeners.tcp.1 = 127.0.0.1:5672\nlisteners.tcp.2 = ::1:5672");
        assertEquals("127.0.0.1", l.config().host());
        assertEquals(List.of(ignored(2, "listeners.tcp.2")), l.warnings());
    }

    @Test
    void warrensOwnKeysAreAcceptedThoughRabbitMqHasNoneOfThem() {
        Loaded l = load("""
                data_dir = /var/lib/warren
                io_threads = 2
                management.enabled = false
                prometheus.enabled = false
                warren.host = 127.0.0.1
                warren.compatibility_version = 3.12.0
                """);
        assertEquals(List.of(), l.warnings());
        assertEquals(Path.of("/var/lib/warren"), l.config().dataDir());
        assertEquals("127.0.0.1", l.config().host());
    }

    /** Each key WarrenConfigKeys claims reaches code that applies it (or refuses its value), never none. */
    @Test
    void everyKeyWarrenClaimsIsApplied() {
        for (KeyPattern p : WarrenConfigKeys.patterns()) {
            String key = String.join(".", p.segments().stream().map(s -> s.startsWith("$") ? "1" : s).toList());
            try {
                load(key + " = 1");
            } catch (IllegalArgumentException e) {
                assertFalse(e.getMessage().contains("unknown setting"), key + ": " + e.getMessage());
            }
        }
    }

    /**
     * The reverse, for the keys TlsSettings and ManagementSettings own: a RabbitMQ key they apply
     * (or whose value they check) is listed, one they call unknown is not, so none is ignored by mistake.
     */
    @Test
    void everyRabbitMqKeyTheSettingsClassesApplyIsClaimed() {
        BrokerConfig d = BrokerConfig.defaults();
        for (KeyPattern p : RabbitMqConfigKeys.get().patterns()) {
            String key = String.join(".", p.segments().stream().map(s -> s.startsWith("$") ? "1" : s).toList());
            java.util.function.Consumer<String> set;
            if (TlsSettings.handles(key)) {
                set = k -> new TlsSettings(d.tls()).set(k, "1");
            } else if (TlsSettings.handlesManagement(key)) {
                set = k -> TlsSettings.management(d.managementTls()).set(k, "1");
            } else if (ManagementSettings.handles(key)) {
                set = k -> new ManagementSettings(d.management()).set(k, "1");
            } else {
                continue;
            }
            boolean applied;
            try {
                set.accept(key);
                applied = true;
            } catch (IllegalArgumentException e) {
                applied = !e.getMessage().contains("unknown setting");
            }
            assertEquals(applied, WarrenConfigKeys.implemented(key), key);
        }
    }

    @Test
    void keyPatternsMatchAsCuttlefishDoes() {
        KeyPattern p = KeyPattern.of("listeners.tcp.$name");
        assertTrue(p.matches("listeners.tcp.default"));
        assertTrue(p.matches("listeners.tcp.a\\.b"), "an escaped dot stays inside its segment");
        assertFalse(p.matches("listeners.tcp.a.b"));
        assertFalse(p.matches("listeners.tcp"));
        assertFalse(p.matches("Listeners.tcp.default"), "literal segments are case-sensitive");
        assertTrue(KeyPattern.of("management.sample_retention_policies.$section.$interval")
                .matches("management.sample_retention_policies.basic.hour"));
        assertEquals(List.of("a", "b"), KeyPattern.tokenize("a.b."));
    }
}
