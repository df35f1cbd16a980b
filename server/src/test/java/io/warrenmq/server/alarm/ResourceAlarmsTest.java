package io.warrenmq.server.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warrenmq.server.BrokerConfig;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator API (rabbitmqctl set_disk_free_limit / set_vm_memory_high_watermark) on the real JVM and disk. */
class ResourceAlarmsTest {
    @TempDir
    Path dataDir;
    private ResourceAlarms alarms;
    private final AtomicInteger notified = new AtomicInteger();

    private ResourceAlarms alarms(BrokerConfig config) {
        alarms = new ResourceAlarms(config);
        alarms.subscribe(notified::incrementAndGet);
        return alarms;
    }

    @AfterEach
    void close() {
        if (alarms != null) {
            alarms.close();
        }
    }

    @Test
    void aDiskLimitAboveTheFreeSpaceRaisesTheDiskAlarmAtOnceAndZeroClearsIt() {
        ResourceAlarms a = alarms(BrokerConfig.defaults().withDataDir(dataDir));

        a.setDiskFreeLimit(Long.MAX_VALUE);
        assertTrue(a.diskAlarm());
        assertEquals(Set.of(Resource.DISK), a.active());
        assertEquals(1, notified.get());
        assertTrue(a.diskFree() > 0);

        a.setDiskFreeLimit(0);
        assertFalse(a.diskAlarm());
        assertEquals(Set.of(), a.active());
        assertEquals(2, notified.get());
    }

    @Test
    void subscribersAreToldOnlyWhenTheSetChanges() {
        ResourceAlarms a = alarms(BrokerConfig.defaults().withDataDir(dataDir));
        a.setDiskFreeLimit(Long.MAX_VALUE);
        a.setDiskFreeLimit(Long.MAX_VALUE - 1);
        a.check();
        assertEquals(1, notified.get());
    }

    @Test
    void anInMemoryBrokerHasNoDiskAlarm() {
        ResourceAlarms a = alarms(BrokerConfig.defaults().withDataDir(null));
        a.setDiskFreeLimit(Long.MAX_VALUE);
        assertFalse(a.diskAlarm());
        assertEquals(-1, a.diskFree());
        assertEquals(0, notified.get());
    }

    @Test
    void aTinyAbsoluteWatermarkRaisesTheMemoryAlarm() {
        ResourceAlarms a = alarms(BrokerConfig.defaults().withDataDir(dataDir));
        a.setMemoryHighWatermarkAbsolute(1);
        assertTrue(a.memoryAlarm());
        assertTrue(a.memoryUsed() > 1);

        a.setMemoryHighWatermarkAbsolute(Long.MAX_VALUE);
        assertFalse(a.memoryAlarm());
        a.setMemoryHighWatermark(0.0);
        assertTrue(a.memoryAlarm(), "0 blocks all publishing, as in RabbitMQ");
        a.setMemoryHighWatermark(1.0);
        assertFalse(a.memoryAlarm(), "the live set of a unit test is far below the whole heap");
    }

    @Test
    void theConfiguredLimitsApplyFromStart() {
        ResourceAlarms a = alarms(BrokerConfig.defaults().withDataDir(dataDir).withDiskFreeLimit(Long.MAX_VALUE)
                .withMemoryHighWatermarkAbsolute(123456));
        assertEquals(Long.MAX_VALUE, a.diskFreeLimit());
        assertEquals(123456, a.memoryLimit());

        a.start();
        assertTrue(a.diskAlarm(), "start measures before returning");
        assertTrue(a.memoryAlarm());
    }

    @Test
    void theDefaultsAreRabbitMqs() {
        ResourceAlarms a = alarms(BrokerConfig.defaults().withDataDir(dataDir));
        assertEquals(50_000_000, a.diskFreeLimit());
        assertEquals((long) (0.4 * Runtime.getRuntime().maxMemory()), a.memoryLimit());
    }
}
