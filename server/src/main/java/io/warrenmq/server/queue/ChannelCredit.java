package io.warrenmq.server.queue;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The channel-wide prefetch limit ({@code basic.qos} with {@code global=true}, as RabbitMQ
 * interprets it): unacknowledged deliveries across all consumers of one channel.
 *
 * <p>Thread-safety: queues take credit on their loops, the channel returns it on its loop; the
 * counter is atomic and the limit volatile. A queue may overshoot by the deliveries racing
 * with a concurrent check from another queue's loop, as RabbitMQ's limiter may.
 */
public final class ChannelCredit {
    private volatile int limit;
    private final AtomicInteger used = new AtomicInteger();

    public void limit(int limit) {
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }

    public boolean available() {
        int l = limit;
        return l == 0 || used.get() < l;
    }

    void take() {
        used.incrementAndGet();
    }

    /** Returns n credits; true when the channel was at its limit before (queues need a nudge). */
    public boolean release(int n) {
        int before = used.getAndAdd(-n);
        int l = limit;
        return l > 0 && before >= l;
    }
}
