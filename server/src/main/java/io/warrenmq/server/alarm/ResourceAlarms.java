package io.warrenmq.server.alarm;

import io.warrenmq.server.BrokerConfig;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's memory and free-disk alarms (RabbitMQ's rabbit_alarm with vm_memory_monitor and
 * rabbit_disk_monitor): while one is on, publishing connections are blocked (see
 * {@code connection.PublishGate}); docs/alarms.md has the decisions.
 *
 * <p>Checks: memory every {@value #MEMORY_CHECK_MILLIS} ms; disk between 100 ms and 10 s depending on the
 * headroom ({@link DiskMonitor#nextCheckMillis()}). They run on one daemon thread, {@code resource-alarms},
 * started by {@link #start()}: measuring free space is a file-system call that can block, so it never runs
 * on an event loop. The setters (the equivalent of {@code rabbitmqctl set_disk_free_limit} and
 * {@code set_vm_memory_high_watermark}) and {@link #check()} measure at once on the caller's thread, so
 * the alarm state reflects the new limit when they return; before {@link #start()} nothing is measured
 * unless one of them is called.
 *
 * <p>Thread-safety: the monitors and limits are guarded by this object's monitor, which only the alarm
 * thread and operator calls take (never an event loop, and it never covers waiting on one). The set of
 * active alarms is an immutable snapshot in a volatile field: {@link #active()} is a plain read, made by
 * connections on every publish. Subscribers are told after each change from whichever thread made it;
 * they must only post to their own loop.
 */
public final class ResourceAlarms implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ResourceAlarms.class);
    static final long MEMORY_CHECK_MILLIS = 1000;

    /** A party told that the set of active alarms changed; it reads {@link #active()} on its own thread. */
    public interface Subscriber {
        /** Called on the thread that changed the alarms; must not block (post to your own loop). */
        void alarmsChanged();
    }

    private final MemoryMonitor memory;
    private final DiskMonitor disk;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private volatile Set<Resource> active = Set.of();
    private ScheduledExecutorService thread;
    private ScheduledFuture<?> nextDiskCheck;
    private boolean closed;

    public ResourceAlarms(BrokerConfig config) {
        this(MemoryMonitor.ofThisJvm(config.memoryHighWatermark()),
                DiskMonitor.of(config.dataDir(), config.diskFreeLimit()));
    }

    ResourceAlarms(MemoryMonitor memory, DiskMonitor disk) {
        this.memory = memory;
        this.disk = disk;
    }

    /** Measures once (so alarms already due apply to the first connection), then starts the periodic checks. */
    public synchronized ResourceAlarms start() {
        if (thread != null || closed) {
            throw new IllegalStateException("already started");
        }
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "resource-alarms");
            t.setDaemon(true);
            return t;
        });
        log.info("memory high watermark {} = {} bytes (max heap {} bytes); disk free limit {} bytes{}",
                memory.watermark(), memory.limit(), Runtime.getRuntime().maxMemory(), disk.limit(),
                disk.enabled() ? "" : " (no data directory: the disk alarm is off)");
        memory.checkAtStart();
        checkDisk();
        thread.scheduleWithFixedDelay(this::checkMemoryQuietly, MEMORY_CHECK_MILLIS, MEMORY_CHECK_MILLIS,
                TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (thread != null) {
            thread.shutdownNow();
        }
        subscribers.clear();
    }

    // ---- Operators (rabbitmqctl set_disk_free_limit / set_vm_memory_high_watermark) ---------

    /** {@code disk_free_limit.absolute}: the alarm is on while usable space is below {@code bytes}. */
    private boolean diskAlarmForced;

    public synchronized void setDiskFreeLimit(long bytes) {
        disk.limit(bytes);
        log.info("disk free limit set to {} bytes", bytes);
        checkDisk();
    }

    /** {@code vm_memory_high_watermark.relative}: a fraction of the maximum heap. */
    public synchronized void setMemoryHighWatermark(double fraction) {
        setMemoryHighWatermark(MemoryWatermark.relative(fraction));
    }

    /** {@code vm_memory_high_watermark.absolute}: bytes of live memory. */
    public synchronized void setMemoryHighWatermarkAbsolute(long bytes) {
        setMemoryHighWatermark(MemoryWatermark.absolute(bytes));
    }

    public synchronized void setMemoryHighWatermark(MemoryWatermark watermark) {
        if (watermark.isRelative() && watermark.fraction() > 1.0) {
            log.warn("memory high watermark {} is above the allowed maximum, using 1.0", watermark.fraction());
        }
        memory.watermark(watermark);
        log.info("memory high watermark set to {} = {} bytes", watermark, memory.limit());
        checkMemory();
    }

    /**
     * Holds the free-disk alarm on whatever the disk says ({@code true}), or lets the measurement
     * decide again ({@code false}). For tests (the testkit's faults): an in-memory broker measures no
     * disk, and a test should not have to fill one.
     */
    public synchronized void forceDiskAlarm(boolean on) {
        diskAlarmForced = on;
        log.info("disk alarm {} by request", on ? "forced on" : "no longer forced");
        publish();
    }

    /** Measures memory and disk now. */
    public synchronized void check() {
        memory.check();
        checkDisk();
    }

    // ---- State ---------------------------------------------------------------------------

    /** The alarms on now; an immutable set, empty when publishing runs freely. */
    public Set<Resource> active() {
        return active;
    }

    public boolean memoryAlarm() {
        return active.contains(Resource.MEMORY);
    }

    /**
     * The memory alarm, measured now when the heap is nearly full. For those about to allocate
     * something that stays (a new queue or exchange): between two periodic checks (1 s) a client
     * declaring in a loop can fill a small heap, so when the heap's current occupancy is past
     * halfway from the limit to the maximum, this measures on the caller's thread first (a cheap
     * read of the memory pools otherwise).
     */
    public boolean memoryAlarmNow() {
        if (memoryAlarm()) {
            return true;
        }
        synchronized (this) {
            if (memory.pressing()) {
                checkMemory();
            }
        }
        return memoryAlarm();
    }

    public boolean diskAlarm() {
        return active.contains(Resource.DISK);
    }

    public synchronized long memoryLimit() {
        return memory.limit();
    }

    /** Live memory at the last check (heap after collection plus Netty direct memory). */
    public synchronized long memoryUsed() {
        return memory.used();
    }

    public synchronized long diskFreeLimit() {
        return disk.limit();
    }

    /** Usable bytes on the data directory's file system at the last check; -1 when unknown or in memory. */
    public synchronized long diskFree() {
        return disk.free();
    }

    public void subscribe(Subscriber subscriber) {
        subscribers.add(subscriber);
    }

    public void unsubscribe(Subscriber subscriber) {
        subscribers.remove(subscriber);
    }

    // ---- Checks --------------------------------------------------------------------------

    private void checkMemoryQuietly() {
        try {
            checkMemory();
        } catch (RuntimeException e) {
            // why: an exception would cancel the periodic task and freeze the alarm state
            log.error("memory check failed", e);
        }
    }

    private void checkDiskQuietly() {
        try {
            checkDisk();
        } catch (RuntimeException e) {
            log.error("disk check failed", e);
        }
    }

    private synchronized void checkMemory() {
        memory.check();
        publish();
    }

    /** Checks the disk, then schedules the next check by the headroom left. */
    private synchronized void checkDisk() {
        String failure = disk.check();
        if (failure != null) {
            log.warn("cannot read the free space of the data directory, the disk alarm stays off: {}", failure);
        }
        publish();
        if (thread != null && !closed && disk.enabled()) {
            if (nextDiskCheck != null) {
                nextDiskCheck.cancel(false);
            }
            nextDiskCheck = thread.schedule(this::checkDiskQuietly, disk.nextCheckMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Publishes the new set when it changed, logs each transition as RabbitMQ does, and tells subscribers. */
    private void publish() {
        EnumSet<Resource> now = EnumSet.noneOf(Resource.class);
        if (memory.alarmed()) {
            now.add(Resource.MEMORY);
        }
        if (disk.alarmed() || diskAlarmForced) {
            now.add(Resource.DISK);
        }
        Set<Resource> before = active;
        if (before.equals(now)) {
            return;
        }
        for (Resource r : Resource.values()) {
            if (now.contains(r) && !before.contains(r)) {
                log.warn("{} resource limit alarm set ({}). Publishers will be blocked until this alarm clears",
                        r.text(), detail(r));
            } else if (!now.contains(r) && before.contains(r)) {
                log.warn("{} resource limit alarm cleared ({})", r.text(), detail(r));
            }
        }
        active = Set.copyOf(now);
        for (Subscriber s : subscribers) {
            try {
                s.alarmsChanged();
            } catch (RuntimeException e) {
                log.warn("could not tell a connection about the alarms", e);
            }
        }
    }

    private String detail(Resource r) {
        return r == Resource.MEMORY
                ? "live memory " + memory.used() + " bytes, limit " + memory.limit()
                : "free disk " + disk.free() + " bytes, limit " + disk.limit();
    }
}
