package io.warrenmq.testkit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.warrenmq.codec.ReplyCode;
import io.warrenmq.server.Broker;
import io.warrenmq.server.activity.LiveConnection;
import io.warrenmq.server.queue.Queue;
import io.warrenmq.server.vhost.VirtualHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Faults a test injects into its broker, to see how the code under test copes ({@code broker.faults()}):
 * <ul>
 *   <li>connections: closed by the broker with any reply code and text ({@code connection.close},
 *       as RabbitMQ's {@code close_connection} sends 320), severed silently (the socket stays open
 *       but nothing more goes either way: heartbeat timeouts and automatic recovery get exercised),
 *       or reset (a TCP RST, no close frame);</li>
 *   <li>queues: the next N publishes refused (basic.nack to a confirming publisher), the next N
 *       dropped (confirmed, then lost), every publish held for a while before it enters the queue;</li>
 *   <li>the disk alarm (the memory alarm is on {@link WarrenBroker}).</li>
 * </ul>
 * Connections are picked by their client-provided name ({@code ConnectionFactory.newConnection(name)},
 * the {@code connection_name} client property), or all at once. Each method returns how many
 * connections it acted on, once the fault is in place on the broker's side.
 * {@link WarrenBroker#reset()} clears the queue faults (the queues they were set on go, or are purged)
 * and the disk alarm.
 *
 * <p>Thread-safety: call from the test's thread (never a broker event loop).
 */
public final class Faults {
    private static final long WAIT_SECONDS = 10;

    private final Supplier<Broker> broker;
    private boolean diskAlarmRaised;

    Faults(Supplier<Broker> broker) {
        this.broker = broker;
    }

    // ---- Connections ----------------------------------------------------------------------

    /** Closes every client connection with {@code connection.close} carrying this code and text. */
    public int closeConnections(int replyCode, String text) {
        return close(c -> true, replyCode, text);
    }

    /** Closes the connections whose client-provided name is {@code name}, as {@link #closeConnections}. */
    public int closeConnection(String name, int replyCode, String text) {
        return close(named(name), replyCode, text);
    }

    /**
     * Severs every client connection silently: the broker stops reading it and writes nothing more
     * to it (no heartbeats, no close), the socket staying open. The client notices only through
     * its heartbeat timeout (with heartbeats off, never); the broker closes its side once its own
     * heartbeat timeout passes.
     */
    public int severConnections() {
        return onSockets(c -> true, Faults::sever);
    }

    public int severConnection(String name) {
        return onSockets(named(name), Faults::sever);
    }

    /** Resets every client connection: the socket is closed at once with a TCP RST, no close frame. */
    public int resetConnections() {
        return onSockets(c -> true, Faults::reset);
    }

    public int resetConnection(String name) {
        return onSockets(named(name), Faults::reset);
    }

    // ---- Queues ---------------------------------------------------------------------------

    /**
     * The next {@code n} messages published to this queue of the default vhost are refused: not
     * enqueued, and a publisher in confirm mode gets {@code basic.nack} for each (as for a full
     * {@code reject-publish} queue). Replaces the queue's earlier faults.
     */
    public void nackNextPublishes(String queue, int n) {
        inject(defaultVhost(), queue, n, 0, Duration.ZERO);
    }

    public void nackNextPublishes(String vhost, String queue, int n) {
        inject(vhost, queue, n, 0, Duration.ZERO);
    }

    /**
     * The next {@code n} messages published to this queue are lost: confirmed ({@code basic.ack})
     * as if enqueued, never delivered. Replaces the queue's earlier faults.
     */
    public void dropNextPublishes(String queue, int n) {
        inject(defaultVhost(), queue, 0, n, Duration.ZERO);
    }

    public void dropNextPublishes(String vhost, String queue, int n) {
        inject(vhost, queue, 0, n, Duration.ZERO);
    }

    /**
     * Every message published to this queue from now on enters it {@code delay} late, in order:
     * consumers get it (and a confirming publisher its ack) that much later. Replaces the queue's
     * earlier faults; {@link Duration#ZERO} ends the delay.
     */
    public void delayPublishes(String queue, Duration delay) {
        inject(defaultVhost(), queue, 0, 0, delay);
    }

    public void delayPublishes(String vhost, String queue, Duration delay) {
        inject(vhost, queue, 0, 0, delay);
    }

    /** Ends the faults injected into this queue of the default vhost. */
    public void clearQueueFaults(String queue) {
        inject(defaultVhost(), queue, 0, 0, Duration.ZERO);
    }

    // ---- Disk alarm -----------------------------------------------------------------------

    /**
     * Raises the free-disk alarm (also on an in-memory broker, which measures no disk): publishing
     * connections get {@code connection.blocked} and are no longer read. Returns once the alarm is on.
     */
    public void raiseDiskAlarm() {
        diskAlarmRaised = true;
        broker.get().alarms().forceDiskAlarm(true);
    }

    /** Clears the disk alarm (back to the configured limit): blocked connections get {@code connection.unblocked}. */
    public void clearDiskAlarm() {
        if (diskAlarmRaised) {
            diskAlarmRaised = false;
            broker.get().alarms().forceDiskAlarm(false);
        }
    }

    public boolean diskAlarm() {
        return broker.get().alarms().diskAlarm();
    }

    /** {@link WarrenBroker#reset()}: the disk alarm goes (queue faults go with their queues' reset). */
    void reset() {
        clearDiskAlarm();
    }

    // ---- Inside -----------------------------------------------------------------------------

    private String defaultVhost() {
        return broker.get().config().defaultVhost();
    }

    private static Predicate<LiveConnection> named(String name) {
        return c -> name.equals(c.facts().clientProperties().get("connection_name"));
    }

    private List<LiveConnection> matching(Predicate<LiveConnection> which) {
        List<LiveConnection> out = new ArrayList<>();
        for (LiveConnection c : broker.get().connectionRegistry().all()) {
            if (which.test(c)) {
                out.add(c);
            }
        }
        return out;
    }

    private int close(Predicate<LiveConnection> which, int replyCode, String text) {
        ReplyCode code = ReplyCode.of(replyCode); // IllegalArgumentException for a code AMQP 0-9-1 lacks
        List<LiveConnection> hit = matching(which);
        hit.forEach(c -> c.control().close(code, text));
        return hit.size();
    }

    private interface SocketFault {
        void apply(Channel socket);
    }

    /** Runs {@code fault} on each matching connection's own event loop, and waits until it ran. */
    private int onSockets(Predicate<LiveConnection> which, SocketFault fault) {
        List<LiveConnection> hit = matching(which);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (LiveConnection c : hit) {
            Channel socket = c.control().socket();
            done.add(socket.eventLoop().submit(() -> fault.apply(socket)));
        }
        done.forEach(Faults::await);
        return hit.size();
    }

    private static void sever(Channel socket) {
        if (socket.pipeline().get(SeveredLink.class) == null) {
            socket.pipeline().addFirst(new SeveredLink());
        }
    }

    private static void reset(Channel socket) {
        socket.config().setOption(ChannelOption.SO_LINGER, 0); // close sends RST, not FIN
        socket.close();
    }

    private void inject(String vhost, String queue, int nack, int drop, Duration delay) {
        if (nack < 0 || drop < 0 || delay.isNegative()) {
            throw new IllegalArgumentException("counts and delays must not be negative");
        }
        VirtualHost v = broker.get().vhosts().get(vhost);
        Queue q = v == null ? null : v.queue(queue);
        if (q == null) {
            throw new IllegalArgumentException("no queue '" + queue + "' in vhost '" + vhost + "'");
        }
        await(q.injectFaults(nack, drop, delay.toNanos()).toCompletableFuture());
    }

    private static void await(java.util.concurrent.Future<?> f) {
        try {
            f.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while injecting a fault", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the broker did not take the fault: " + e, e);
        }
    }
}
