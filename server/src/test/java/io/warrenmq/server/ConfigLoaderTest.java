package io.warrenmq.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warrenmq.server.alarm.MemoryWatermark;
import java.io.IOException;
import java.nio.file.Files;
import io.warrenmq.server.config.Setting;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rabbitmq.conf keys, file syntax and command-line flags. */
class ConfigLoaderTest {
    private static BrokerConfig conf(String... lines) {
        return ConfigLoader.apply(BrokerConfig.defaults(), ConfigLoader.parse(List.of(lines)), w -> {
            throw new AssertionError("unexpected warning: " + w);
        });
    }

    @Test
    void emptyFileGivesRabbitMqDefaults() {
        BrokerConfig c = conf();
        assertEquals(BrokerConfig.defaults(), c);
        assertEquals(5672, c.port());
        assertEquals("guest", c.defaultUser());
        assertEquals(List.of("guest"), c.loopbackUsers());
    }

    @Test
    void transientNonExclusiveQueuesArePermittedUntilTheDeprecatedFeatureKeyDeniesThem() {
        assertTrue(conf().deprecatedFeatures().transientNonExclusiveQueues());
        assertEquals(DeprecatedFeatures.RABBITMQ_4_3,
                conf("deprecated_features.permit.transient_nonexcl_queues = false").deprecatedFeatures());
        assertEquals(DeprecatedFeatures.PERMITTED,
                conf("deprecated_features.permit.transient_nonexcl_queues = true").deprecatedFeatures());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> conf("deprecated_features.permit.transient_nonexcl_queues = no"));
        assertEquals("rabbitmq.conf line 1: deprecated_features.permit.transient_nonexcl_queues must be true or "
                + "false, got 'no'", e.getMessage());
    }

    @Test
    void nodeLimitsTakeRabbitMqsKeysWithInfinity() {
        var limits = conf("connection_max = 500", "cluster_queue_limit = 10000",
                "warren.memory_alarm.refuse_declares = false").nodeLimits();
        assertEquals(500, limits.connectionMax());
        assertEquals(10000, limits.clusterQueueLimit());
        assertEquals(false, limits.refuseDeclaresOnMemoryAlarm());
        assertEquals(-1, conf("connection_max = infinity").nodeLimits().connectionMax());
        assertEquals(io.warrenmq.server.limits.NodeLimits.DEFAULTS, conf().nodeLimits());
        assertThrows(IllegalArgumentException.class, () -> conf("cluster_queue_limit = -3"));
        assertThrows(IllegalArgumentException.class, () -> conf("connection_max = lots"));
    }

    @Test
    void listenerAsBarePortSetsThePort() {
        BrokerConfig c = conf("listeners.tcp.default = 5673");
        assertEquals(5673, c.port());
        assertEquals(BrokerConfig.defaults().host(), c.host());
    }

    @Test
    void listenerAsHostAndPortSetsBoth() {
        BrokerConfig c = conf("listeners.tcp.default = 127.0.0.1:5674");
        assertEquals("127.0.0.1", c.host());
        assertEquals(5674, c.port());
    }

    @Test
    void listenerWithNonNumericPortIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> conf("listeners.tcp.default = localhost:amqp"));
        assertTrue(e.getMessage().contains("listeners.tcp.default"), e.getMessage());
    }

    @Test
    void defaultUserPassAndVhost() {
        BrokerConfig c = conf("default_user = app", "default_pass = s3cret", "default_vhost = prod");
        assertEquals("app", c.defaultUser());
        assertEquals("s3cret", c.defaultPass());
        assertEquals("prod", c.defaultVhost());
    }

    @Test
    void passwordMayContainEqualsSigns() {
        assertEquals("a=b=c", conf("default_pass = a=b=c").defaultPass());
    }

    @Test
    void frameMaxChannelMaxAndHeartbeat() {
        BrokerConfig c = conf("frame_max = 8192", "channel_max = 16", "heartbeat = 0");
        assertEquals(8192, c.frameMax());
        assertEquals(16, c.channelMax());
        assertEquals(0, c.heartbeatSeconds());
    }

    @Test
    void nonNumericIntegerIsRejectedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> conf("frame_max = big"));
        assertTrue(e.getMessage().contains("frame_max"), e.getMessage());
    }

    @Test
    void loopbackUsersNoneAllowsEveryoneRemotely() {
        assertEquals(List.of(), conf("loopback_users = none").loopbackUsers());
    }

    @Test
    void loopbackUsersGuestFalseRemovesGuest() {
        assertEquals(List.of(), conf("loopback_users.guest = false").loopbackUsers());
    }

    @Test
    void loopbackUsersUserTrueAddsThatUser() {
        assertEquals(List.of("guest", "admin"), conf("loopback_users.admin = true").loopbackUsers());
    }

    @Test
    void loopbackUsersAsList() {
        assertEquals(List.of("a", "b"), conf("loopback_users = a, b").loopbackUsers());
    }

    @Test
    void maxMessageSizeWithinBoundsIsAccepted() {
        assertEquals(1, conf("max_message_size = 1").maxMessageSize());
        assertEquals(BrokerConfig.MAX_MESSAGE_SIZE_LIMIT,
                conf("max_message_size = " + BrokerConfig.MAX_MESSAGE_SIZE_LIMIT).maxMessageSize());
    }

    @Test
    void maxMessageSizeOutOfBoundsIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> conf("max_message_size = 0"));
        assertThrows(IllegalArgumentException.class, () -> conf("max_message_size = -1"));
        assertThrows(IllegalArgumentException.class,
                () -> conf("max_message_size = " + (BrokerConfig.MAX_MESSAGE_SIZE_LIMIT + 1)));
        assertThrows(IllegalArgumentException.class, () -> conf("max_message_size = lots"));
    }

    @Test
    void commentsAndBlankLinesAreSkipped() {
        BrokerConfig c = conf("# a comment", "", "   ", "   # indented comment", "heartbeat = 30");
        assertEquals(30, c.heartbeatSeconds());
    }

    @Test
    void whitespaceAroundKeyAndValueIsIgnored() {
        assertEquals(List.of(new Setting("heartbeat", "30", 1, "rabbitmq.conf")),
                ConfigLoader.parse(List.of("  heartbeat   =    30  ")));
    }

    @Test
    void lineWithoutEqualsIsRejectedWithItsLineNumber() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.parse(List.of("# ok", "heartbeat 30")));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void unknownKeyIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> conf("no_such_key = 1"));
        assertTrue(e.getMessage().contains("no_such_key"), e.getMessage());
    }

    @Test
    void laterSettingWins() {
        assertEquals(30, conf("heartbeat = 10", "heartbeat = 30").heartbeatSeconds());
    }

    @Test
    void portHostAndDataDirFlags() {
        BrokerConfig c = ConfigLoader.fromArgs(new String[] {"--port", "5999", "--host", "::1", "--data-dir", "/tmp/w"});
        assertEquals(5999, c.port());
        assertEquals("::1", c.host());
        assertEquals(Path.of("/tmp/w"), c.dataDir());
    }

    @Test
    void keyValueFlagsSetAnyFileKey() {
        BrokerConfig c = ConfigLoader.fromArgs(new String[] {"--frame_max=4096", "--loopback_users=none",
                "--io_threads=3"});
        assertEquals(4096, c.frameMax());
        assertEquals(List.of(), c.loopbackUsers());
        assertEquals(3, c.ioThreads());
    }

    @Test
    void flagWithoutValueIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ConfigLoader.fromArgs(new String[] {"--port"}));
    }

    @Test
    void unknownArgumentIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ConfigLoader.fromArgs(new String[] {"--verbose"}));
        assertThrows(IllegalArgumentException.class, () -> ConfigLoader.fromArgs(new String[] {"port=1"}));
        assertThrows(IllegalArgumentException.class, () -> ConfigLoader.fromArgs(new String[] {"--nope=1"}));
    }

    @Test
    void configFileIsReadAndLaterFlagsOverrideIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rabbitmq.conf");
        Files.writeString(file, """
                # Warren test config
                listeners.tcp.default = 6000
                default_user = app
                default_pass = pw
                heartbeat = 5
                """);

        BrokerConfig c = ConfigLoader.fromArgs(new String[] {"--config", file.toString(), "--port", "6001"});

        assertEquals(6001, c.port());
        assertEquals("app", c.defaultUser());
        assertEquals("pw", c.defaultPass());
        assertEquals(5, c.heartbeatSeconds());
    }

    @Test
    void missingConfigFileIsRejected(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.fromArgs(new String[] {"--config", dir.resolve("absent.conf").toString()}));
        assertTrue(e.getMessage().contains("absent.conf"), e.getMessage());
    }

    // ---- Resource alarms (https://www.rabbitmq.com/docs/memory, /docs/disk-alarms) -------------

    @Test
    void alarmDefaultsAreRabbitMqs() {
        BrokerConfig c = conf();
        assertEquals(MemoryWatermark.relative(0.4), c.memoryHighWatermark());
        assertEquals(50_000_000L, c.diskFreeLimit());
    }

    @Test
    void diskFreeLimitTakesBytesOrInformationUnits() {
        assertEquals(1_000_000_000L, conf("disk_free_limit.absolute = 1000000000").diskFreeLimit());
        assertEquals(1_000_000_000L, conf("disk_free_limit.absolute = 1GB").diskFreeLimit());
        assertEquals(50_000_000L, conf("disk_free_limit.absolute = 50MB").diskFreeLimit());
        assertEquals(2L << 30, conf("disk_free_limit.absolute = 2GiB").diskFreeLimit());
    }

    @Test
    void memoryWatermarkIsRelativeOrAbsoluteAndTheLaterKeyWins() {
        assertEquals(MemoryWatermark.relative(0.6),
                conf("vm_memory_high_watermark.relative = 0.6").memoryHighWatermark());
        assertEquals(MemoryWatermark.absolute(1L << 30),
                conf("vm_memory_high_watermark.absolute = 1024MiB").memoryHighWatermark());
        assertEquals(MemoryWatermark.absolute(2_000_000_000L),
                conf("vm_memory_high_watermark.relative = 0.6", "vm_memory_high_watermark.absolute = 2GB")
                        .memoryHighWatermark());
        assertEquals(MemoryWatermark.relative(0.5),
                conf("vm_memory_high_watermark.absolute = 2GB", "vm_memory_high_watermark.relative = 0.5")
                        .memoryHighWatermark());
    }

    @Test
    void malformedAlarmLimitsAreRejectedNamingTheKey() {
        for (String line : new String[] {"disk_free_limit.absolute = 50 MB", "disk_free_limit.absolute = -1",
                "vm_memory_high_watermark.absolute = lots", "vm_memory_high_watermark.relative = -0.1",
                "vm_memory_high_watermark.relative = forty", "vm_memory_high_watermark.relative = NaN"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> conf(line), line);
            assertTrue(e.getMessage().contains(line.substring(0, line.indexOf(' '))), e.getMessage());
        }
    }

    @Test
    void diskFreeLimitRelativeToRamIsIgnoredWithAWarning() {
        // RabbitMQ's disk_free_limit.relative is a multiple of installed RAM, which a JVM broker does not
        // own; production configs carry it (RabbitMQ's checklist recommends it), so it must not stop Warren
        List<String> warnings = new ArrayList<>();
        BrokerConfig c = ConfigLoader.apply(BrokerConfig.defaults(),
                ConfigLoader.parse(List.of("disk_free_limit.relative = 1.5")), warnings::add);
        assertEquals(50_000_000L, c.diskFreeLimit(), "the absolute default stays");
        assertEquals(List.of("rabbitmq.conf line 1: 'disk_free_limit.relative' is a RabbitMQ setting Warren does "
                + "not implement; ignored"), warnings);
    }

    @Test
    void alarmLimitsCanBeGivenAsFlags() {
        BrokerConfig c = ConfigLoader.fromArgs(new String[] {"--disk_free_limit.absolute=2GB",
                "--vm_memory_high_watermark.relative=0.7"});
        assertEquals(2_000_000_000L, c.diskFreeLimit());
        assertEquals(MemoryWatermark.relative(0.7), c.memoryHighWatermark());
    }

    @Test
    void defaultUserTagsAndPermissionsUseRabbitMqsKeys() {
        BrokerConfig c = conf("default_user_tags.monitoring = true", "default_user_tags.custom = true",
                "default_user_tags.custom = false", "default_permissions.configure = ^app-.*",
                "default_permissions.read = .*", "default_permissions.write = ^amq\\.topic$");
        assertEquals(java.util.List.of("monitoring"), c.defaultUserTags(), "the first tag key replaces administrator");
        assertEquals(java.util.List.of("^app-.*", "^amq\\.topic$", ".*"), c.defaultPermissions());
        assertEquals(java.util.List.of("administrator"), conf().defaultUserTags());
        assertEquals(java.util.List.of(".*", ".*", ".*"), conf().defaultPermissions());
    }

    @Test
    void clusterNameAndCompatibilityVersion() {
        BrokerConfig c = conf("cluster_name = eu-1", "warren.compatibility_version = 3.12.0");
        assertEquals("eu-1", c.clusterName());
        assertEquals("3.12.0", c.compatibilityVersion());
    }
}
