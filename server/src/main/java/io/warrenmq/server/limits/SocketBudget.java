package io.warrenmq.server.limits;

import io.netty.channel.Channel;
import java.util.LinkedHashSet;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many client sockets the broker holds at once, kept below the file-descriptor limit so that
 * the journal, the segment files and the listeners always have descriptors left, and so that a
 * flood of sockets that never finish their handshake cannot lock real clients out.
 *
 * <p>At the limit, a newly accepted socket makes room by closing the <em>oldest</em> socket still in
 * its handshake: a real client is open within milliseconds, so the oldest unfinished handshakes are
 * the silent and byte-by-byte ones, and a real client arriving during a flood still gets in. Only
 * when every held socket is an open connection is the new socket closed instead. Either way one
 * warning line per second at most says so.
 *
 * <p>Thread-safety: called from every connection's event loop; the counts and the handshake set are
 * guarded by this object's monitor (a few operations per accepted socket, none per frame).
 */
public final class SocketBudget {
    private static final Logger log = LoggerFactory.getLogger(SocketBudget.class);
    /** Descriptors kept for everything that is not a client socket, at least. */
    static final int MIN_RESERVE = 128;

    private final int limit;
    /** Accepted sockets not yet open, in accept order: the eviction order. */
    private final LinkedHashSet<Channel> handshaking = new LinkedHashSet<>();
    private int held;
    private final AtomicLong lastWarning = new AtomicLong();

    public SocketBudget(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("socket limit must be positive, got " + limit);
        }
        this.limit = limit;
    }

    /**
     * The socket limit for a process allowed {@code maxFileDescriptors}: a tenth of them (at least
     * {@link #MIN_RESERVE}) stay for files, as RabbitMQ keeps about a tenth of its descriptors off
     * its socket limit. A limit it cannot read ({@code <= 0}) means none.
     */
    public static int limitFor(long maxFileDescriptors) {
        if (maxFileDescriptors <= 0) {
            return Integer.MAX_VALUE;
        }
        long reserve = Math.max(MIN_RESERVE, maxFileDescriptors / 10);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, maxFileDescriptors - reserve));
    }

    /** This process's file-descriptor limit, or -1 where the JVM does not say (not a Unix JVM). */
    public static long processFileDescriptorLimit() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }

    public int limit() {
        return limit;
    }

    /** Sockets held now (for tests and the log). */
    public synchronized int held() {
        return held;
    }

    /**
     * A socket was accepted. Returns the socket to close to stay within the limit: the oldest still
     * in its handshake, or {@code socket} itself when every other is open; null when there is room.
     */
    public Channel accepted(Channel socket) {
        Channel victim;
        synchronized (this) {
            held++;
            handshaking.add(socket);
            if (held <= limit) {
                return null;
            }
            var oldest = handshaking.iterator();
            victim = oldest.next(); // the new socket itself when it is the only unfinished handshake
            handshaking.remove(victim);
        }
        warn(victim == socket
                ? "socket limit (" + limit + ") reached with every socket an open connection; closing the new "
                        + "connection from " + socket.remoteAddress()
                : "socket limit (" + limit + ") reached; closing the oldest unfinished handshake, from "
                        + victim.remoteAddress() + ", to admit " + socket.remoteAddress());
        return victim;
    }

    /** The socket's connection is open: it is no longer one to evict. */
    public synchronized void opened(Channel socket) {
        handshaking.remove(socket);
    }

    /** The socket closed, whoever closed it. */
    public synchronized void closed(Channel socket) {
        held--;
        handshaking.remove(socket);
    }

    private void warn(String line) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= 1_000_000_000L && lastWarning.compareAndSet(last, now)) {
            log.warn(line);
        }
    }
}
