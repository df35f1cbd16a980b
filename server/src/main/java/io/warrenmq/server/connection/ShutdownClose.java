package io.warrenmq.server.connection;

import io.netty.channel.Channel;
import io.warrenmq.server.activity.ConnectionRegistry;
import io.warrenmq.server.activity.LiveConnection;
import io.warrenmq.server.channel.ChannelSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a stopping broker takes leave of its clients, as RabbitMQ does: each connection stops being
 * read (no new publishes), the confirms of what was already taken are sent (the store's group
 * commit runs on; we wait until no channel has a publish unconfirmed), then each gets
 * {@code connection.close} 320 CONNECTION_FORCED "broker forced connection closure with reason
 * 'shutdown'", and the broker waits for the close-oks. Both waits are bounded, so a stuck client
 * cannot hold the shutdown: what is still open afterwards is closed by the caller.
 *
 * <p>Thread-safety: called once, by the thread stopping the broker (never an event loop); the
 * connections' state is touched only through tasks posted to their loops.
 */
public final class ShutdownClose {
    private static final Logger log = LoggerFactory.getLogger(ShutdownClose.class);
    public static final String REASON = "broker forced connection closure with reason 'shutdown'";
    private static final long POLL_MILLIS = 5;

    private ShutdownClose() {
    }

    /** Returns how many connections were still open when the close-oks were waited for no longer. */
    public static int closeAll(ConnectionRegistry registry, long confirmWaitMillis, long closeWaitMillis) {
        List<LiveConnection> open = new ArrayList<>(registry.all());
        if (open.isEmpty()) {
            return 0;
        }
        for (LiveConnection c : open) {
            Channel socket = c.control().socket();
            socket.eventLoop().execute(() -> socket.config().setAutoRead(false));
        }
        long unconfirmed = awaitConfirms(open, confirmWaitMillis);
        if (unconfirmed > 0) {
            log.warn("shutting down with {} publishes still unconfirmed after {} ms", unconfirmed, confirmWaitMillis);
        }
        for (LiveConnection c : open) {
            c.control().forceClose(REASON);
            // after the close (same loop, so in order): read again, for the close-ok; a closing
            // connection discards everything else it reads
            Channel socket = c.control().socket();
            socket.eventLoop().execute(() -> socket.config().setAutoRead(true));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(closeWaitMillis);
        int stillOpen = 0;
        for (LiveConnection c : open) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !c.control().socket().closeFuture().awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) {
                stillOpen++;
            }
        }
        return stillOpen;
    }

    /** Polls the channels' unconfirmed counts (snapshots taken on each connection's loop) until none or the deadline. */
    private static long awaitConfirms(List<LiveConnection> open, long waitMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (true) {
            long unconfirmed = 0;
            for (LiveConnection c : open) {
                try {
                    List<ChannelSnapshot> channels = c.control().channelSnapshots().toCompletableFuture()
                            .get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())),
                                    TimeUnit.MILLISECONDS);
                    for (ChannelSnapshot s : channels) {
                        unconfirmed += s.messagesUnconfirmed();
                    }
                } catch (Exception e) {
                    // the connection went meanwhile, or its loop is too slow to answer: nothing to wait for
                }
            }
            if (unconfirmed == 0 || System.nanoTime() >= deadline) {
                return unconfirmed;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return unconfirmed;
            }
        }
    }
}
