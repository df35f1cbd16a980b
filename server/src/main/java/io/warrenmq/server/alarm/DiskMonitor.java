package io.warrenmq.server.alarm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decides whether the free-disk alarm is on: usable space on the data directory's file system below
 * {@code disk_free_limit} (RabbitMQ's rabbit_disk_monitor: "free &lt; limit"), and when to look again.
 *
 * <p>Without a data directory (an in-memory broker) there is nothing to protect: the alarm is never on.
 * When the free space cannot be read the alarm is off, as in RabbitMQ, and the failure is reported once.
 *
 * <p>Thread-safety: not thread-safe; {@link ResourceAlarms} calls it under its monitor.
 */
final class DiskMonitor {
    /** RabbitMQ's default {@code disk_free_limit}: 50 MB. */
    static final long DEFAULT_LIMIT = 50_000_000L;
    static final long MIN_INTERVAL_MILLIS = 100;
    static final long MAX_INTERVAL_MILLIS = 10_000;
    /** The fill rate the check interval assumes (RabbitMQ's: 250 MB/s), in bytes per millisecond. */
    private static final long FAST_FILL_BYTES_PER_MILLI = 250_000;

    /** Reads the usable bytes of a directory's file system; tests substitute a fake. */
    interface FreeSpace {
        long usableBytes(Path dir) throws IOException;
    }

    private final Path dir;
    private final FreeSpace freeSpace;
    private long limit;
    private long free = -1;
    private boolean alarmed;
    private String lastFailure;

    DiskMonitor(Path dir, long limit, FreeSpace freeSpace) {
        this.dir = dir == null ? null : dir.toAbsolutePath();
        this.limit = limit;
        this.freeSpace = freeSpace;
    }

    static DiskMonitor of(Path dir, long limit) {
        return new DiskMonitor(dir, limit, DiskMonitor::usableSpace);
    }

    boolean enabled() {
        return dir != null;
    }

    void limit(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("disk_free_limit must be >= 0, got " + bytes);
        }
        limit = bytes;
    }

    long limit() {
        return limit;
    }

    /** Usable bytes at the last check; -1 when unknown or disabled. */
    long free() {
        return free;
    }

    boolean alarmed() {
        return alarmed;
    }

    /** Returns the failure to report, if this check failed for a new reason; null otherwise. */
    String check() {
        if (dir == null) {
            return null;
        }
        String failure = null;
        try {
            free = freeSpace.usableBytes(dir);
            lastFailure = null;
        } catch (IOException | RuntimeException e) {
            free = -1;
            failure = e.toString().equals(lastFailure) ? null : e.toString();
            lastFailure = e.toString();
        }
        alarmed = free >= 0 && free < limit;
        return failure;
    }

    /**
     * When to check again: the time a disk filling at 250 MB/s would need to use half of the headroom above
     * the limit, between 100 ms and 10 s; 10 s while the alarm is on or the free space is unknown. (RabbitMQ
     * uses the same bounds and rate with twice the headroom; half is the more cautious reading.)
     */
    long nextCheckMillis() {
        if (alarmed || free < 0) {
            return MAX_INTERVAL_MILLIS;
        }
        long ideal = (free - limit) / 2 / FAST_FILL_BYTES_PER_MILLI;
        return Math.max(MIN_INTERVAL_MILLIS, Math.min(MAX_INTERVAL_MILLIS, ideal));
    }

    /** The usable space of the nearest existing directory at or above {@code dir} (it may not exist yet). */
    private static long usableSpace(Path dir) throws IOException {
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new IOException("no existing directory above " + dir);
        }
        return Files.getFileStore(existing).getUsableSpace();
    }
}
