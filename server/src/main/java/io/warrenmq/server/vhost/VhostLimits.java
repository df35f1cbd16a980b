package io.warrenmq.server.vhost;

import java.nio.ByteBuffer;

/**
 * RabbitMQ's per-vhost limits ({@code rabbitmqctl set_vhost_limits}): at most so many client
 * connections and queues. A negative value means no limit; 0 means none allowed, as in RabbitMQ's
 * {@code rabbit_vhost_limit}.
 *
 * <p>Immutable.
 */
public record VhostLimits(int maxConnections, int maxQueues) {
    public static final VhostLimits NONE = new VhostLimits(-1, -1);

    /** The limit {@code count} existing connections (or queues) would exceed by one more, or -1. */
    public static int exceeded(int limit, int count) {
        return limit >= 0 && count >= limit ? limit : -1;
    }

    public VhostLimits withMaxConnections(int n) {
        return new VhostLimits(n, maxQueues);
    }

    public VhostLimits withMaxQueues(int n) {
        return new VhostLimits(maxConnections, n);
    }

    /** A version-1 parameter block (VhostParameters); an empty or unknown one means no limits. */
    public static VhostLimits decode(byte[] bytes) {
        if (bytes == null || bytes.length < 9 || bytes[0] != 1) {
            return NONE;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.get();
        return new VhostLimits(b.getInt(), b.getInt());
    }
}
