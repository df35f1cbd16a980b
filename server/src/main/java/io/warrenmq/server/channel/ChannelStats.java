package io.warrenmq.server.channel;

/**
 * One channel's message counts since it opened (RabbitMQ's channel message_stats): plain fields,
 * because the channel's loop is their only reader and writer; the management API reads them
 * through a {@link ChannelSnapshot} taken on that loop. Cost: an increment per message, on a
 * field the channel's own cache line already holds.
 *
 * <p>Thread-safety: confined to the channel's event loop.
 */
final class ChannelStats {
    long publish;
    long confirm;
    long returnUnroutable;
    long deliver;
    long deliverNoAck;
    long get;
    long getNoAck;
    long redeliver;
    long ack;

    /** The counts at the start of the current rate window, and when it started (-1: not yet). */
    private ChannelSnapshot.Stats windowStart;
    private long windowStartAt = -1;
    private ChannelSnapshot.Rates rates = ChannelSnapshot.Rates.ZERO;

    /**
     * The counts now, with per-second rates over the last window of at least
     * {@link #RATE_WINDOW_MILLIS} (the management sampling interval). Why measured when someone
     * looks, not on a timer: an idle broker with 10k channels runs no task per channel; the first
     * look answers 0.0, as a RabbitMQ channel before its first sample does.
     */
    ChannelSnapshot.Stats snapshot(long now) {
        ChannelSnapshot.Stats current = new ChannelSnapshot.Stats(publish, confirm, returnUnroutable, deliver,
                deliverNoAck, get, getNoAck, redeliver, ack, rates);
        if (windowStartAt < 0) {
            windowStart = current;
            windowStartAt = now;
        } else if (now - windowStartAt >= RATE_WINDOW_MILLIS) {
            rates = ChannelSnapshot.Rates.between(windowStart, current, now - windowStartAt);
            current = current.withRates(rates);
            windowStart = current;
            windowStartAt = now;
        }
        return current;
    }

    static final long RATE_WINDOW_MILLIS = 5_000;
}
