package io.warrenmq.server.channel;

import io.warrenmq.codec.method.BasicMethod;
import io.warrenmq.server.Mailbox;
import io.warrenmq.server.queue.ConfirmListener;

/**
 * Publisher confirms for one channel ({@code confirm.select}): sequence numbers, and the
 * {@code basic.ack} sent once every party that must take a message has taken it.
 *
 * <p>Each publish registers how many parties it waits for (one per queue it was routed to; the
 * durable store is one more party for a persistent message in durable queues). Parties report
 * back through the connection's mailbox. Confirms go out in order: the lowest outstanding
 * sequence number bounds a {@code multiple} ack, so one ack covers every contiguous run
 * (RabbitMQ may also ack out of order; clients accept both).
 *
 * <p>Thread-safety: confined to the channel's event loop; {@link #taken} arrives there via the
 * mailbox.
 */
final class PublisherConfirms implements ConfirmListener {
    private final AmqpChannel channel;
    /** Remaining parties per outstanding sequence number, as a ring starting at {@code base}. */
    private int[] remaining = new int[64];
    /** Whether any party refused the sequence number (same ring positions as remaining). */
    private boolean[] refused = new boolean[64];
    private int head;
    private long base = 1;
    private long next = 1;

    PublisherConfirms(AmqpChannel channel) {
        this.channel = channel;
    }

    /** Numbers the next publish; {@code parties} is how many must take it (0: confirm at once). */
    long register(int parties) {
        int outstanding = (int) (next - base);
        if (outstanding == remaining.length) {
            grow();
        }
        int at = (head + outstanding) & (remaining.length - 1);
        remaining[at] = parties;
        refused[at] = false;
        return next++;
    }

    /** Publishes not yet confirmed (RabbitMQ's messages_unconfirmed). */
    long outstanding() {
        return next - base;
    }

    /** The number the next {@link #register} call will return. */
    long nextSequence() {
        return next;
    }

    @Override
    public Mailbox mailbox() {
        return channel.mailbox();
    }

    /**
     * On the channel's loop: parties took these sequence numbers; a negative number means the
     * party refused that message (a full queue with x-overflow reject-publish): it is nacked.
     */
    @Override
    public void taken(long[] sequences, int count) {
        if (!channel.isOpen()) {
            return;
        }
        for (int i = 0; i < count; i++) {
            long s = sequences[i];
            if (s < 0) {
                refuse(-s);
            } else {
                taken(s);
            }
        }
        scheduleFlush();
    }

    private void refuse(long sequence) {
        if (sequence >= base && sequence < next) {
            int at = (head + (int) (sequence - base)) & (remaining.length - 1);
            refused[at] = true;
            remaining[at]--;
        }
    }

    /** A store fsync covered this sequence number (on the channel's loop). */
    void stored(long sequence) {
        if (channel.isOpen()) {
            taken(sequence);
            scheduleFlush();
        }
    }

    /** The store could not make this sequence number's message durable: it is nacked. */
    void storeFailed(long sequence) {
        if (channel.isOpen()) {
            refuse(sequence);
            scheduleFlush();
        }
    }

    /**
     * why: one fsync completes hundreds of publishes, each reported in its own mailbox task; one
     * flush queued behind them all sends a single multiple ack instead of one ack per message.
     */
    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            mailbox().post(flushTask);
        }
    }

    private boolean flushScheduled;
    private final Runnable flushTask = this::scheduledFlush;

    private void scheduledFlush() {
        flushScheduled = false;
        if (channel.isOpen()) {
            flush();
        }
    }

    void taken(long sequence) {
        if (sequence >= base && sequence < next) {
            remaining[(head + (int) (sequence - base)) & (remaining.length - 1)]--;
        }
    }

    /**
     * Sends one ack for each run of fully taken sequence numbers at the front, and a nack for
     * each refused one, in order.
     */
    void flush() {
        long runStart = base;
        while (base < next && remaining[head] <= 0) {
            if (refused[head]) {
                ackRun(runStart, base - 1);
                channel.connection().out().method(channel.id(), new BasicMethod.Nack(base, false, false));
                runStart = base + 1;
            }
            head = (head + 1) & (remaining.length - 1);
            base++;
        }
        ackRun(runStart, base - 1);
    }

    private void ackRun(long first, long last) {
        if (last >= first) {
            channel.connection().out().method(channel.id(), new BasicMethod.Ack(last, last > first));
            channel.stats().confirm += last - first + 1;
            channel.connection().vhost().counters().confirmed((int) (last - first + 1));
        }
    }

    private void grow() {
        int n = remaining.length;
        int[] bigger = new int[n * 2];
        boolean[] biggerRefused = new boolean[n * 2];
        for (int k = 0; k < n; k++) {
            bigger[k] = remaining[(head + k) & (n - 1)];
            biggerRefused[k] = refused[(head + k) & (n - 1)];
        }
        remaining = bigger;
        refused = biggerRefused;
        head = 0;
    }
}
