package io.warrenmq.server.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * A virtual host's channel-level message counters and churn: what no single queue sees
 * (publishes, confirms, unroutable returns and drops) and the created/closed counts of
 * connections, channels and queues. Deliveries, gets, acks and redeliveries of a vhost are the
 * sums of its queues' {@link QueueCounters}, which the sampler adds up, so the message path counts
 * each of them once.
 *
 * <p>Thread-safety: written by every channel's and connection's loop: striped {@link LongAdder}s
 * (no lock; no allocation once their cells exist); read from any thread.
 */
public final class VhostCounters {
    private final LongAdder[] adders = new LongAdder[VhostStat.COUNT];

    public VhostCounters() {
        for (int i = 0; i < adders.length; i++) {
            adders[i] = new LongAdder();
        }
    }

    /** A publish on a channel; {@code routed} false: it reached no queue. */
    public void published(boolean routed, boolean mandatory) {
        adders[VhostStat.PUBLISH.ordinal()].increment();
        if (!routed) {
            adders[(mandatory ? VhostStat.RETURN_UNROUTABLE : VhostStat.DROP_UNROUTABLE).ordinal()].increment();
        }
    }

    /** Publisher confirms sent (basic.ack to a publisher, {@code n} messages). */
    public void confirmed(int n) {
        adders[VhostStat.CONFIRM.ordinal()].add(n);
    }

    public void increment(VhostStat stat) {
        adders[stat.ordinal()].increment();
    }

    public void add(VhostStat stat, long n) {
        adders[stat.ordinal()].add(n);
    }

    /** queue.declare that registered a queue ({@code created}) or found one. */
    public void queueDeclared(boolean created) {
        adders[VhostStat.QUEUE_DECLARED.ordinal()].increment();
        if (created) {
            adders[VhostStat.QUEUE_CREATED.ordinal()].increment();
        }
    }

    public long get(VhostStat stat) {
        return adders[stat.ordinal()].sum();
    }
}
