package io.warrenmq.server.activity;

/**
 * A per-second rate of a growing count, measured over windows of at least {@link #WINDOW_MILLIS}
 * (the management sampling interval): until a window has passed since the last measure, the
 * last rate is answered again. Why lazily on reads, not on a timer: only connections someone
 * looks at pay for it, and a broker with 10k idle connections runs no per-connection task.
 *
 * <p>Thread-safety: synchronized; read from the management threads.
 */
final class RateWindow {
    static final long WINDOW_MILLIS = 5_000;

    private long at = -1;
    private long value;
    private double rate;

    synchronized double rate(long now, long current) {
        if (at < 0) {
            at = now;
            value = current;
        } else if (now - at >= WINDOW_MILLIS) {
            rate = (current - value) * 1000.0 / (now - at);
            at = now;
            value = current;
        }
        return rate;
    }
}
