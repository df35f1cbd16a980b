package io.warrenmq.server.access;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts refused logins: in total, and per peer address for the most recent {@value #ADDRESSES}
 * addresses (the least recently failing is forgotten first, so a flood from many addresses cannot
 * grow it without bound). For metrics and for an operator looking for a brute-force attempt.
 *
 * <p>why no slowing down: RabbitMQ does not delay refusals either, and a delay per address only
 * holds the attacker's own sockets open longer; the log line (user, address, reason) and these
 * counts are what an operator acts on. Nothing here ever refuses a login.
 *
 * <p>Thread-safety: called from every connection's loop; the per-address map is guarded by its monitor.
 */
public final class LoginFailures {
    static final int ADDRESSES = 1024;

    private final AtomicLong total = new AtomicLong();
    private final Map<InetAddress, Long> byAddress = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, Long> eldest) {
            return size() > ADDRESSES;
        }
    };

    public void refused(SocketAddress peer) {
        total.incrementAndGet();
        if (peer instanceof InetSocketAddress inet && inet.getAddress() != null) {
            synchronized (byAddress) {
                byAddress.merge(inet.getAddress(), 1L, Long::sum);
            }
        }
    }

    public long total() {
        return total.get();
    }

    /** Refusals from {@code address} while it was among the most recent ones; 0 if unknown. */
    public long from(InetAddress address) {
        synchronized (byAddress) {
            return byAddress.getOrDefault(address, 0L);
        }
    }
}
