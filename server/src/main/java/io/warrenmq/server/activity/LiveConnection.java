package io.warrenmq.server.activity;

import io.warrenmq.server.channel.ChannelSnapshot;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * One open AMQP connection as the rest of the broker may see it from other threads: its fixed
 * {@link ConnectionFacts}, the figures its loop publishes (traffic, channel count, state), and
 * the two things another thread may ask of it, both posted to the connection's loop.
 *
 * <p>Thread-safety: the figures are volatile or opaque and written by the connection's loop
 * only; any thread reads them.
 */
public final class LiveConnection {
    /** What only the connection's loop can do, asked from elsewhere. */
    public interface Control {
        /** connection.close 320 CONNECTION_FORCED with {@code reason}, as rabbitmqctl close_connection. */
        default void forceClose(String reason) {
            close(io.warrenmq.codec.ReplyCode.CONNECTION_FORCED, reason);
        }

        /** connection.close with this reply code and text (the testkit's faults choose any code). */
        void close(io.warrenmq.codec.ReplyCode code, String text);

        /** The connection's socket, for faults that act below AMQP (sever, reset). */
        io.netty.channel.Channel socket();

        /** Its open channels, each snapshot on the loop; empty once the connection closed. */
        CompletionStage<List<ChannelSnapshot>> channelSnapshots();
    }

    /** RabbitMQ's connection states as the management API shows them. */
    public enum State {
        RUNNING("running"), BLOCKING("blocking"), BLOCKED("blocked"), CLOSING("closing");

        private final String apiName;

        State(String apiName) {
            this.apiName = apiName;
        }

        public String apiName() {
            return apiName;
        }
    }

    private final ConnectionFacts facts;
    private final TrafficCounter traffic;
    private final Control control;
    private final RateWindow recvRate = new RateWindow();
    private final RateWindow sendRate = new RateWindow();
    private volatile int channels;
    private volatile State state = State.RUNNING;

    public LiveConnection(ConnectionFacts facts, TrafficCounter traffic, Control control) {
        this.facts = facts;
        this.traffic = traffic;
        this.control = control;
    }

    public ConnectionFacts facts() {
        return facts;
    }

    public TrafficCounter traffic() {
        return traffic;
    }

    public Control control() {
        return control;
    }

    public int channels() {
        return channels;
    }

    /** Connection's loop. */
    public void channels(int open) {
        this.channels = open;
    }

    public State state() {
        return state;
    }

    /** Connection's loop. */
    public void state(State s) {
        this.state = s;
    }

    /** Octets read per second over the last sampling window (see {@link RateWindow}). */
    public double recvOctRate(long now) {
        return recvRate.rate(now, traffic.recvOct());
    }

    public double sendOctRate(long now) {
        return sendRate.rate(now, traffic.sendOct());
    }

    /**
     * Octets written to the socket but not yet taken by the kernel (RabbitMQ's {@code send_pend}):
     * Netty's outbound buffer, bounded by the child channel's write-buffer water marks, because a
     * channel stops taking deliveries once its socket is not writable. Any thread: the buffer's
     * total is a volatile field.
     */
    public long sendPend() {
        io.netty.channel.Channel socket = control.socket();
        io.netty.channel.ChannelOutboundBuffer buffer = socket == null ? null : socket.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }
}
