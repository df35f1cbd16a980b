package io.warrenmq.server.stats;

import io.warrenmq.server.queue.Queue;
import io.warrenmq.server.vhost.Exchange;
import io.warrenmq.server.vhost.VirtualHost;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Samples every object's counters every {@link #INTERVAL_MILLIS} (RabbitMQ's
 * {@code collect_statistics_interval}) into fixed-size {@link SampleRing}s: per queue and per
 * exchange 60 s (the UI's default window), per vhost and for the node 10 minutes (the basic
 * retention policy's first step). Objects that are gone lose their ring at the next sample, so
 * nothing leaks; a deleted queue's counts stay in its vhost's totals (RabbitMQ's vhost and
 * overview stats do not drop when a queue goes either).
 *
 * <p>Thread-safety: the counters are read with their own publication rules; the rings are guarded
 * by this object's lock, taken by the sampler and by readers (both usually on the management
 * loop, so it is uncontended). The lock is never held while JSON is written: readers copy out maps.
 */
public final class StatsSampler {
    public static final long INTERVAL_MILLIS = 5_000;
    private static final int OBJECT_SAMPLES = 13; // 60 s at 5 s, plus the start point
    private static final int QUEUE_WIDTH = QueueStat.COUNT + 3;
    private static final List<StatsJson.Column> LENGTHS = List.of(
            new StatsJson.Column("messages", QueueStat.COUNT),
            new StatsJson.Column("messages_ready", QueueStat.COUNT + 1),
            new StatsJson.Column("messages_unacknowledged", QueueStat.COUNT + 2));
    private static final int VHOST_SAMPLES = 121; // 600 s at 5 s, plus the start point
    /** A vhost row: its own counters, then the sums of its queues' counters. */
    static final int VHOST_WIDTH = VhostStat.COUNT + QueueStat.COUNT;

    private final Supplier<? extends Iterable<VirtualHost>> vhosts;
    private final Map<Queue, SampleRing> queues = new IdentityHashMap<>();
    private final Map<Exchange, SampleRing> exchanges = new IdentityHashMap<>();
    private final Map<VirtualHost, SampleRing> vhostRings = new IdentityHashMap<>();
    /** Per vhost, the last counts of its queues that are gone. */
    private final Map<VirtualHost, long[]> retired = new IdentityHashMap<>();
    /** The last counts of vhosts that are gone, for the node's totals. */
    private final long[] retiredVhosts = new long[VHOST_WIDTH];
    private final SampleRing global = new SampleRing(VHOST_SAMPLES, VHOST_WIDTH);
    /** A queue's sample: its QueueStat counters, then its lengths (messages, ready, unacked). */
    private final long[] queueRow = new long[QUEUE_WIDTH];

    public StatsSampler(Supplier<? extends Iterable<VirtualHost>> vhosts) {
        this.vhosts = vhosts;
    }

    /** Samples now and then every interval on {@code timer} (which stops it when it shuts down). */
    public void start(ScheduledExecutorService timer) {
        timer.scheduleAtFixedRate(this::sampleSafely, 0, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void sampleSafely() {
        try {
            sample(System.currentTimeMillis());
        } catch (RuntimeException e) {
            // a vhost deleted mid-walk and the like: the next sample is whole again; never kill the timer
        }
    }

    /** Takes one sample of everything, stamped {@code now}. */
    public synchronized void sample(long now) {
        // first the queues each vhost has now, so that the counts of queues gone since the last
        // sample move into the vhost's retired sums before this sample adds up (no dip in a total)
        Map<VirtualHost, List<Queue>> live = new IdentityHashMap<>();
        Map<Queue, Boolean> seenQueues = new IdentityHashMap<>();
        for (VirtualHost v : vhosts.get()) {
            List<Queue> qs = new ArrayList<>(v.queues());
            live.put(v, qs);
            qs.forEach(q -> seenQueues.put(q, Boolean.TRUE));
            retired.computeIfAbsent(v, k -> new long[QueueStat.COUNT]);
        }
        dropGoneQueues(seenQueues);
        Map<Exchange, Boolean> seenExchanges = new IdentityHashMap<>();
        long[] globalRow = retiredVhosts.clone();
        for (Map.Entry<VirtualHost, List<Queue>> lv : live.entrySet()) {
            VirtualHost v = lv.getKey();
            long[] row = new long[VHOST_WIDTH];
            for (VhostStat s : VhostStat.values()) {
                row[s.ordinal()] = v.counters().get(s);
            }
            System.arraycopy(retired.get(v), 0, row, VhostStat.COUNT, QueueStat.COUNT);
            for (Queue q : lv.getValue()) {
                q.counters().read(queueRow);
                long ready = q.readyCount();
                long unacked = q.unackedCount();
                queueRow[QueueStat.COUNT] = ready + unacked;
                queueRow[QueueStat.COUNT + 1] = ready;
                queueRow[QueueStat.COUNT + 2] = unacked;
                queues.computeIfAbsent(q, k -> new SampleRing(OBJECT_SAMPLES, QUEUE_WIDTH)).add(now, queueRow);
                for (int i = 0; i < QueueStat.COUNT; i++) {
                    row[VhostStat.COUNT + i] += queueRow[i];
                }
            }
            for (Exchange e : v.exchanges()) {
                seenExchanges.put(e, Boolean.TRUE);
                exchanges.computeIfAbsent(e, k -> new SampleRing(OBJECT_SAMPLES, 2))
                        .add(now, new long[] {e.counters().publishIn(), e.counters().publishOut()});
            }
            vhostRings.computeIfAbsent(v, k -> new SampleRing(VHOST_SAMPLES, VHOST_WIDTH)).add(now, row);
            for (int i = 0; i < VHOST_WIDTH; i++) {
                globalRow[i] += row[i];
            }
        }
        exchanges.keySet().removeIf(e -> !seenExchanges.containsKey(e));
        for (Iterator<Map.Entry<VirtualHost, SampleRing>> it = vhostRings.entrySet().iterator(); it.hasNext();) {
            Map.Entry<VirtualHost, SampleRing> e = it.next();
            if (!live.containsKey(e.getKey())) {
                for (int i = 0; i < VHOST_WIDTH; i++) {
                    retiredVhosts[i] += e.getValue().latest(i);
                    globalRow[i] += e.getValue().latest(i);
                }
                retired.remove(e.getKey());
                it.remove();
            }
        }
        global.add(now, globalRow);
    }

    private void dropGoneQueues(Map<Queue, Boolean> seen) {
        for (Iterator<Map.Entry<Queue, SampleRing>> it = queues.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Queue, SampleRing> e = it.next();
            if (!seen.containsKey(e.getKey())) {
                long[] gone = retired.get(e.getKey().vhost());
                if (gone != null) {
                    for (int i = 0; i < QueueStat.COUNT; i++) {
                        gone[i] += e.getValue().latest(i);
                    }
                }
                it.remove();
            }
        }
    }

    /** A queue's message_stats; empty before its first sample or while it has seen no traffic. */
    private static final List<StatsJson.Column> QUEUE_COLUMNS = java.util.Arrays.stream(QueueStat.values())
            .map(s -> new StatsJson.Column(s.field(), s.ordinal())).toList();

    public synchronized Map<String, Object> queueStats(Queue q, RateQuery range, long now) {
        SampleRing ring = queues.get(q);
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        if (ring != null && anyNonZero(ring, 0, QueueStat.COUNT)) {
            StatsJson.render(ring, QUEUE_COLUMNS, range, now, out);
        }
        return out;
    }

    /**
     * A queue's length rates, RabbitMQ's {@code messages_details}, {@code messages_ready_details} and
     * {@code messages_unacknowledged_details}, put into {@code into}; a rate of 0.0 before the
     * queue's first sample. (The lengths themselves come live from the queue, not from here.)
     */
    public synchronized void queueLengthDetails(Queue q, RateQuery range, long now, Map<String, Object> into) {
        SampleRing ring = queues.get(q);
        for (StatsJson.Column c : LENGTHS) {
            into.put(c.name() + "_details", ring == null || ring.count() == 0 ? Map.of("rate", 0.0)
                    : StatsJson.details(ring, c.index(), range, now));
        }
    }

    /** An exchange's message_stats ({@code publish_in}, {@code publish_out}). */
    public synchronized Map<String, Object> exchangeStats(Exchange e, RateQuery range, long now) {
        SampleRing ring = exchanges.get(e);
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        if (ring != null && anyNonZero(ring, 0, 2)) {
            StatsJson.render(ring, List.of(new StatsJson.Column("publish_in", 0), new StatsJson.Column("publish_out", 1)),
                    range, now, out);
        }
        return out;
    }

    /**
     * The overview's message_stats over the vhosts {@code visible} accepts (all of them: the
     * node's ring, which keeps the counts of deleted vhosts too).
     */
    public synchronized Map<String, Object> messageStats(Predicate<String> visible, boolean all, RateQuery range,
            long now) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        StatsJson.render(all ? global : sumOf(visible), messageColumns(), range, now, out);
        return out;
    }

    /** The overview's churn_rates (node-wide). */
    public synchronized Map<String, Object> churnRates(RateQuery range, long now) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        List<StatsJson.Column> cols = new ArrayList<>();
        for (VhostStat s : VhostStat.values()) {
            if (s.churn()) {
                cols.add(new StatsJson.Column(s.field(), s.ordinal()));
            }
        }
        if (global.count() > 0) {
            StatsJson.render(global, cols, range, now, out);
        } else {
            cols.forEach(c -> out.put(c.name(), 0L));
        }
        return out;
    }

    /** The node-wide totals at the last sample, by RabbitMQ field name (vhost counters and queue sums). */
    public synchronized Map<String, Long> globalTotals() {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (VhostStat s : VhostStat.values()) {
            out.put(s.field(), global.latest(s.ordinal()));
        }
        for (QueueStat s : QueueStat.values()) {
            out.put("queue_" + s.field(), global.latest(VhostStat.COUNT + s.ordinal()));
        }
        return out;
    }

    /** Rings currently held (queues, exchanges, vhosts): for the leak test. */
    public synchronized int ringCount() {
        return queues.size() + exchanges.size() + vhostRings.size();
    }

    /** The overview's publish/confirm/returns come from the vhost counters, the rest from the queue sums. */
    private static List<StatsJson.Column> messageColumns() {
        List<StatsJson.Column> cols = new ArrayList<>();
        for (VhostStat s : VhostStat.values()) {
            if (!s.churn() && s != VhostStat.PUBLISH) {
                cols.add(new StatsJson.Column(s.field(), s.ordinal()));
            }
        }
        cols.add(0, new StatsJson.Column("publish", VhostStat.PUBLISH.ordinal()));
        for (QueueStat s : QueueStat.values()) {
            if (s != QueueStat.PUBLISH) {
                cols.add(new StatsJson.Column(s.field(), VhostStat.COUNT + s.ordinal()));
            }
        }
        return cols;
    }

    /** The sum of the visible vhosts' rings, sample by sample (they are sampled together, so times agree). */
    private SampleRing sumOf(Predicate<String> visible) {
        SampleRing sum = new SampleRing(VHOST_SAMPLES, VHOST_WIDTH);
        int n = global.count();
        long[] row = new long[VHOST_WIDTH];
        for (int age = n - 1; age >= 0; age--) {
            java.util.Arrays.fill(row, 0);
            long t = global.time(age);
            for (Map.Entry<VirtualHost, SampleRing> e : vhostRings.entrySet()) {
                if (visible.test(e.getKey().name())) {
                    for (int i = 0; i < VHOST_WIDTH; i++) {
                        row[i] += e.getValue().valueAt(t, i);
                    }
                }
            }
            sum.add(t, row);
        }
        return sum;
    }

    private static boolean anyNonZero(SampleRing ring, int from, int to) {
        for (int i = from; i < to; i++) {
            if (ring.latest(i) != 0) {
                return true;
            }
        }
        return false;
    }
}
