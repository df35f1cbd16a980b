package io.warrenmq.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Counts the deliveries of one consumer ({@code basic.consume} on one {@link ClientConnection}),
 * records their latency from the publish time stamped in the body, and acknowledges them: not at all
 * (no-ack consumer) or with one {@code basic.ack multiple} per {@code ackEvery} deliveries, plus one
 * at the end of a socket read when half the prefetch window is unacknowledged (so a prefetch smaller
 * than {@code ackEvery} cannot stall the consumer). Acks are flushed once per socket read.
 *
 * <p>Thread-safety: {@link #received()}, {@link #awaitReceived} from any thread; the listener
 * methods on the connection's event loop; {@link #latency()} once the connection is closed.
 */
final class Receiver implements ClientConnection.Listener {
    private final ClientConnection connection;
    private final int ackEvery;
    private final int prefetch;
    private final LatencyHistogram latency = new LatencyHistogram();
    private final AtomicLong received = new AtomicLong();

    private volatile long waitTarget = Long.MAX_VALUE;
    private volatile Thread waiter;

    // event-loop confined
    private long count;
    private long lastTag;
    private int unacked;

    /** @param ackEvery 0 for a no-ack consumer; otherwise ack (multiple) every this many deliveries */
    Receiver(ClientConnection connection, int ackEvery, int prefetch) {
        this.connection = connection;
        this.ackEvery = ackEvery;
        this.prefetch = prefetch;
    }

    long received() {
        return received.get();
    }

    LatencyHistogram latency() {
        return latency;
    }

    /** Blocks until at least {@code target} deliveries have arrived in total. One waiter at a time. */
    void awaitReceived(long target) {
        waiter = Thread.currentThread();
        waitTarget = target;
        while (received.get() < target) {
            // why: bounded, so a lost wake-up costs at most 1 ms instead of a hang
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(1));
        }
        waitTarget = Long.MAX_VALUE;
    }

    @Override
    public void delivered(long deliveryTag, long publishedNanos) {
        long n = ++count;
        // why: a volatile store, not lazySet, so it cannot be reordered after the waitTarget read below
        received.set(n);
        if (publishedNanos != 0) {
            latency.record(System.nanoTime() - publishedNanos);
        }
        if (ackEvery > 0) {
            lastTag = deliveryTag;
            if (++unacked >= ackEvery) {
                connection.ack(deliveryTag, true);
                unacked = 0;
            }
        }
        if (n >= waitTarget) {
            LockSupport.unpark(waiter);
        }
    }

    @Override
    public void readComplete() {
        if (unacked > 0 && prefetch > 0 && unacked * 2 >= prefetch) {
            connection.ack(lastTag, true);
            unacked = 0;
        }
    }
}
