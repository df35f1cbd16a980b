package io.warrenmq.server.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The free-disk alarm ("free &lt; limit", rabbit_disk_monitor) and its check schedule, with a fake file system. */
class DiskMonitorTest {
    private long free;
    private IOException failure;

    private DiskMonitor monitor(long limit) {
        return new DiskMonitor(Path.of("data"), limit, dir -> {
            if (failure != null) {
                throw failure;
            }
            return free;
        });
    }

    @Test
    void theAlarmIsOnOnlyBelowTheLimit() {
        DiskMonitor d = monitor(1000);
        free = 1000;
        d.check();
        assertFalse(d.alarmed(), "exactly the limit free is enough");
        free = 999;
        d.check();
        assertTrue(d.alarmed());
        assertEquals(999, d.free());
    }

    @Test
    void aZeroLimitNeverAlarms() {
        DiskMonitor d = monitor(0);
        free = 0;
        d.check();
        assertFalse(d.alarmed());
    }

    @Test
    void anUnreadableFileSystemLeavesTheAlarmOffAndIsReportedOnce() {
        DiskMonitor d = monitor(1000);
        free = 10;
        d.check();
        assertTrue(d.alarmed());

        failure = new IOException("gone");
        assertNotNull(d.check());
        assertFalse(d.alarmed());
        assertEquals(-1, d.free());
        assertNull(d.check(), "the same failure is not reported again");
    }

    @Test
    void withoutADataDirectoryThereIsNoDiskAlarm() {
        DiskMonitor d = new DiskMonitor(null, Long.MAX_VALUE, dir -> 0);
        d.check();
        assertFalse(d.enabled());
        assertFalse(d.alarmed());
    }

    @Test
    void checksComeSoonerAsFreeSpaceNearsTheLimit() {
        DiskMonitor d = monitor(50_000_000);
        free = 80_000_000_000L;
        d.check();
        assertEquals(DiskMonitor.MAX_INTERVAL_MILLIS, d.nextCheckMillis());
        free = 50_000_000 + 1_000_000_000; // 1 GB of headroom: half of it at 250 MB/s
        d.check();
        assertEquals(2000, d.nextCheckMillis());
        free = 50_000_001;
        d.check();
        assertEquals(DiskMonitor.MIN_INTERVAL_MILLIS, d.nextCheckMillis());
        free = 1;
        d.check();
        assertEquals(DiskMonitor.MAX_INTERVAL_MILLIS, d.nextCheckMillis(), "while the alarm is on");
    }

    @Test
    void theRealFileSystemIsReadEvenBeforeTheDataDirectoryExists(@TempDir Path tmp) {
        DiskMonitor d = DiskMonitor.of(tmp.resolve("not/yet/created"), 0);
        assertNull(d.check());
        assertTrue(d.free() > 0);
        d.limit(Long.MAX_VALUE);
        d.check();
        assertTrue(d.alarmed());
    }
}
