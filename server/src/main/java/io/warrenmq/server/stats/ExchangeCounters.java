package io.warrenmq.server.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * One exchange's counters: {@code publish_in} (messages published to it) and {@code publish_out}
 * (queue copies it routed, RabbitMQ's sum of queue_exchange_stats).
 *
 * <p>Thread-safety: written by every publishing channel's loop, hence striped {@link LongAdder}s
 * (no lock; no allocation once their cells exist); read by the sampler from any thread.
 */
public final class ExchangeCounters {
    private final LongAdder publishIn = new LongAdder();
    private final LongAdder publishOut = new LongAdder();

    /** A publish to this exchange that reached {@code copies} queues. */
    public void published(int copies) {
        publishIn.increment();
        if (copies > 0) {
            publishOut.add(copies);
        }
    }

    public long publishIn() {
        return publishIn.sum();
    }

    public long publishOut() {
        return publishOut.sum();
    }
}
