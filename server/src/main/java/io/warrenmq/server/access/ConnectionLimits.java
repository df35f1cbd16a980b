package io.warrenmq.server.access;

import io.warrenmq.auth.User;
import io.warrenmq.auth.UserDatabase;
import io.warrenmq.auth.UserLimits;
import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.ReplyCode;
import io.warrenmq.server.vhost.VhostLimits;
import io.warrenmq.server.vhost.VirtualHosts;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connection and channel limits of RabbitMQ's vhost limits ({@code max-connections}) and user
 * limits ({@code max-connections}, {@code max-channels}, across all of a user's connections), with
 * RabbitMQ's 530 NOT_ALLOWED texts (rabbit_reader). Counts the users' open connections and channels.
 *
 * <p>why check-then-count rather than one atomic step: RabbitMQ counts the same way (tracking tables
 * read at connection.open), so two connections racing past a limit of n may both get in; exactness
 * would need a lock shared by every loop for a limit that is a guard rail, not a quota.
 *
 * <p>Thread-safety: called from every connection's loop; the counters are concurrent.
 */
public final class ConnectionLimits {
    private final VirtualHosts vhosts;
    private final UserDatabase users;
    private final ConcurrentHashMap<String, AtomicInteger> connections = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> channels = new ConcurrentHashMap<>();

    /** Open connections of every user: what {@code connection_max} limits. */
    private final AtomicInteger total = new AtomicInteger();
    private final int connectionMax;

    public ConnectionLimits(VirtualHosts vhosts, UserDatabase users) {
        this(vhosts, users, -1);
    }

    /** {@code connectionMax}: RabbitMQ's {@code connection_max} for the node, -1 for none. */
    public ConnectionLimits(VirtualHosts vhosts, UserDatabase users, int connectionMax) {
        this.vhosts = vhosts;
        this.users = users;
        this.connectionMax = connectionMax;
    }

    /** At connection.open, in RabbitMQ's order: the node's limit, the vhost's, then the user's. */
    public void checkConnection(String vhost, String user) {
        if (connectionMax >= 0 && total.get() >= connectionMax) {
            throw AmqpException.of(ReplyCode.NOT_ALLOWED,
                    "connection refused: node connection limit (%d) is reached", connectionMax);
        }
        int v = VhostLimits.exceeded(vhosts.limits(vhost).maxConnections(), vhosts.connectionCount(vhost));
        if (v >= 0) {
            throw AmqpException.of(ReplyCode.NOT_ALLOWED,
                    "access to vhost '%s' refused for user '%s': connection limit (%d) is reached", vhost, user, v);
        }
        int u = VhostLimits.exceeded(limits(user).maxConnections(), count(connections, user));
        if (u >= 0) {
            throw AmqpException.of(ReplyCode.NOT_ALLOWED,
                    "Connection refused for user '%s': user connection limit (%d) is reached", user, u);
        }
    }

    /** At channel.open: a connection error, as RabbitMQ's reader raises it. */
    public void checkChannel(String user) {
        int u = VhostLimits.exceeded(limits(user).maxChannels(), count(channels, user));
        if (u >= 0) {
            throw AmqpException.connection(ReplyCode.NOT_ALLOWED,
                    "number of channels opened for user '%s' has reached the maximum allowed user limit of (%d)",
                    user, u);
        }
    }

    public void connectionOpened(String user) {
        increment(connections, user);
        total.incrementAndGet();
    }

    public void connectionClosed(String user) {
        decrement(connections, user, 1);
        total.decrementAndGet();
    }

    public void channelOpened(String user) {
        increment(channels, user);
    }

    public void channelsClosed(String user, int n) {
        decrement(channels, user, n);
    }

    public int connections(String user) {
        return count(connections, user);
    }

    public int channels(String user) {
        return count(channels, user);
    }

    private UserLimits limits(String user) {
        return users.user(user).map(User::limits).orElse(UserLimits.NONE);
    }

    private static int count(ConcurrentHashMap<String, AtomicInteger> counts, String user) {
        AtomicInteger c = counts.get(user);
        return c == null ? 0 : c.get();
    }

    private static void increment(ConcurrentHashMap<String, AtomicInteger> counts, String user) {
        counts.compute(user, (k, c) -> {
            AtomicInteger counter = c == null ? new AtomicInteger() : c;
            counter.incrementAndGet();
            return counter;
        });
    }

    private static void decrement(ConcurrentHashMap<String, AtomicInteger> counts, String user, int n) {
        if (n == 0) {
            return;
        }
        // why both sides in compute: the entry is removed at zero without losing a concurrent increment
        counts.computeIfPresent(user, (k, c) -> c.addAndGet(-n) <= 0 ? null : c);
    }
}
