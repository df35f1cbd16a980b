package io.warrenmq.amqp10.broker;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.warrenmq.amqp10.codec.Begin;
import io.warrenmq.amqp10.codec.Close;
import io.warrenmq.amqp10.codec.DecodeException;
import io.warrenmq.amqp10.codec.ErrorCondition;
import io.warrenmq.amqp10.codec.Open;
import io.warrenmq.amqp10.codec.Performative;
import io.warrenmq.amqp10.codec.SaslFrame;
import io.warrenmq.amqp10.codec.Transfer;
import io.warrenmq.amqp10.codec.Types.Symbol;
import io.warrenmq.amqp10.engine.ConnectionEngine;
import io.warrenmq.amqp10.engine.EngineException;
import io.warrenmq.amqp10.frame.AmqpFrame;
import io.warrenmq.amqp10.frame.FrameDecoder;
import io.warrenmq.amqp10.frame.FrameWriter;
import io.warrenmq.amqp10.sasl.SaslNegotiator;
import io.warrenmq.server.connection.Authenticator;
import io.warrenmq.server.protocol.ProtocolHost;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AMQP 1.0 connection: the SASL exchange, the second protocol header, open/close and idle
 * time-out, and its sessions (by channel). Frames that arrive while the broker side (the
 * {@link Bridge}) is still opening are held and replayed once it is open.
 *
 * <p>Errors: a decode error or a refusal of the connection state machine closes the connection
 * with the matching condition (after our open, if it was not sent yet, as the spec wants); session
 * and link refusals end the session or detach the link only.
 *
 * <p>Thread-safety: confined to the connection's event loop (the bridge posts back to it).
 */
final class Amqp10Connection extends ChannelInboundHandlerAdapter implements Bridge.Owner {
    private static final Logger log = LoggerFactory.getLogger(Amqp10Connection.class);
    private static final int CHANNEL_MAX = 255;

    private enum Phase { SASL, AWAIT_AMQP_HEADER, AMQP, CLOSED }

    private final Amqp10Options options;
    private final ProtocolHost host;
    private final FrameDecoder decoder;
    private final boolean saslHeader;
    private final SaslNegotiator sasl;
    private final ConnectionEngine engine = new ConnectionEngine();
    private final Map<Integer, Session> sessions = new HashMap<>();
    private final List<AmqpFrame.Amqp> held = new ArrayList<>();
    private ChannelHandlerContext ctx;
    private Phase phase;
    private String user;
    private Bridge bridge;
    private boolean bridgeOpen;
    private long remoteMaxFrameSize = FrameDecoder.MIN_MAX_FRAME_SIZE;
    private long remoteIdleTimeout;
    private ByteBuf out;

    private final Origins origins;
    /** This connection's identity on the messages it publishes to exchanges, for no-local. */
    private final String origin = java.util.UUID.randomUUID().toString();
    private String containerId;
    /** The SASL mechanism the user logged in with (none: a connection let in without SASL). */
    private String mechanism = "none";
    private String vhostName;
    private Map<String, Object> clientProperties = Map.of();
    /** This connection as the management API lists it, from our open until it ends. */
    private io.warrenmq.server.activity.LiveConnection listed;

    Amqp10Connection(Amqp10Options options, ProtocolHost host, FrameDecoder decoder, boolean saslHeader,
            Origins origins, ContainerIds containerIds) {
        this.origins = origins;
        this.containerIds = containerIds;
        this.options = options;
        this.host = host;
        this.decoder = decoder;
        this.saslHeader = saslHeader;
        this.sasl = new SaslNegotiator(host, options.anonymousUser());
    }

    private static final Symbol SOLE_CONNECTION = Symbol.of("sole-connection-for-container");
    private final ContainerIds containerIds;
    /** Whether this connection holds its container-id in {@link #containerIds} (released when it ends). */
    private boolean holdsContainerId;

    Bridge bridge() {
        return bridge;
    }

    ProtocolHost host() {
        return host;
    }

    /** The peer's container-id (JMS: the client ID, when one is set). */
    String containerId() {
        return containerId;
    }

    String origin() {
        return origin;
    }

    Origins origins() {
        return origins;
    }

    Amqp10Options options() {
        return options;
    }

    // ---- writing -----------------------------------------------------------------------------

    private ByteBuf out() {
        if (out == null) {
            out = ctx.alloc().buffer(4096);
        }
        return out;
    }

    void send(int channel, Performative p) {
        FrameWriter.amqp(out(), channel, p);
    }

    /** Writes a transfer's frames: the payload split to the peer's max-frame-size, {@code more} on all but the last. */
    int sendTransfer(int channel, Transfer first, ByteBuf payload) {
        int overhead = 8 + FrameWriter.encodedSize(first) + 8;
        int room = (int) Math.max(64, Math.min(remoteMaxFrameSize, Integer.MAX_VALUE) - overhead);
        int length = payload.readableBytes();
        int offset = payload.readerIndex();
        int frames = 0;
        boolean firstFrame = true;
        do {
            int n = Math.min(room, length);
            boolean more = n < length;
            Transfer t = firstFrame ? withMore(first, more)
                    : new Transfer(first.handle(), -1, null, 0, null, more, null, false);
            FrameWriter.amqp(out(), channel, t, payload, offset, n);
            offset += n;
            length -= n;
            firstFrame = false;
            frames++;
        } while (length > 0);
        return frames;
    }

    private static Transfer withMore(Transfer t, boolean more) {
        return new Transfer(t.handle(), t.deliveryId(), t.deliveryTag(), t.messageFormat(),
                t.settled(), more, t.state(), false);
    }

    void flush() {
        if (out != null && ctx.channel().isActive()) {
            ByteBuf b = out;
            out = null;
            ctx.writeAndFlush(b);
        } else if (out != null) {
            out.release();
            out = null;
        }
    }

    // ---- Netty -------------------------------------------------------------------------------

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (saslHeader) {
            ctx.write(Unpooled.wrappedBuffer(Amqp10Extension.SASL_HEADER));
            FrameWriter.sasl(out(), sasl.mechanisms());
            phase = Phase.SASL;
            flush();
        } else if (sasl.withoutSasl().isPresent()) {
            user = sasl.withoutSasl().get();
            ctx.write(Unpooled.wrappedBuffer(Amqp10Extension.AMQP_HEADER));
            phase = Phase.AMQP;
            ctx.flush();
        } else {
            // SASL is required: answer with the header we want, as the spec's version negotiation says
            phase = Phase.CLOSED;
            ctx.writeAndFlush(Unpooled.wrappedBuffer(Amqp10Extension.SASL_HEADER)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof AmqpFrame.Amqp f) {
                onAmqp(f);
            } else if (msg instanceof AmqpFrame.Sasl s) {
                onSasl(s.body());
            } else if (msg instanceof AmqpFrame.Header h) {
                onHeader(h.bytes());
            }
        } catch (EngineException e) {
            failed(e);
        } catch (DecodeException e) {
            closeWith(ErrorCondition.of(e instanceof FrameDecoder.FrameException ? ErrorCondition.FRAMING_ERROR
                    : ErrorCondition.DECODE_ERROR, e.getMessage()));
        } catch (RuntimeException e) {
            log.warn("AMQP 1.0 connection {}: internal error", ctx.channel().remoteAddress(), e);
            closeWith(ErrorCondition.of(ErrorCondition.INTERNAL_ERROR, "internal error"));
        }
        flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof io.netty.handler.codec.DecoderException d && d.getCause() instanceof DecodeException e) {
            closeWith(ErrorCondition.of(e instanceof FrameDecoder.FrameException ? ErrorCondition.FRAMING_ERROR
                    : ErrorCondition.DECODE_ERROR, e.getMessage()));
            flush();
            return;
        }
        log.debug("AMQP 1.0 connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        phase = Phase.CLOSED;
        releaseContainerId();
        unlist();
        held.forEach(AmqpFrame.Amqp::release);
        held.clear();
        if (bridge != null) {
            bridge.close();
        }
        if (out != null) {
            out.release();
            out = null;
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent e) {
            if (e.state() == IdleState.READER_IDLE) {
                closeWith(ErrorCondition.of(ErrorCondition.RESOURCE_LIMIT_EXCEEDED, "local-idle-timeout expired"));
            } else if (e.state() == IdleState.WRITER_IDLE) {
                FrameWriter.heartbeat(out());
            }
            flush();
        }
    }

    // ---- SASL and the headers ---------------------------------------------------------------------

    private void onSasl(SaslFrame frame) {
        if (phase != Phase.SASL || !(frame instanceof SaslFrame.Init init)) {
            throw EngineException.connection(ErrorCondition.NOT_ALLOWED, "unexpected SASL frame");
        }
        Authenticator.Login login = sasl.authenticate(init, ctx.channel().remoteAddress());
        if (login instanceof Authenticator.Login.Accepted a) {
            user = a.user();
            mechanism = init.mechanism().value();
            phase = Phase.AWAIT_AMQP_HEADER;
            decoder.expectHeader();
            FrameWriter.sasl(out(), new SaslFrame.Outcome(SaslFrame.Outcome.OK));
        } else {
            Authenticator.Login.Refused r = (Authenticator.Login.Refused) login;
            log.info("AMQP 1.0 login refused from {}: {}", ctx.channel().remoteAddress(), r.reason());
            phase = Phase.CLOSED;
            FrameWriter.sasl(out(), new SaslFrame.Outcome(SaslFrame.Outcome.AUTH));
            ByteBuf b = out;
            out = null;
            ctx.writeAndFlush(b).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void onHeader(byte[] header) {
        if (phase != Phase.AWAIT_AMQP_HEADER || !java.util.Arrays.equals(header, Amqp10Extension.AMQP_HEADER)) {
            phase = Phase.CLOSED;
            ctx.writeAndFlush(Unpooled.wrappedBuffer(Amqp10Extension.AMQP_HEADER)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        phase = Phase.AMQP;
        flush(); // anything before stays before the header
        ctx.writeAndFlush(Unpooled.wrappedBuffer(Amqp10Extension.AMQP_HEADER));
    }

    // ---- AMQP frames ---------------------------------------------------------------------------

    private void onAmqp(AmqpFrame.Amqp f) {
        if (phase != Phase.AMQP) {
            boolean peerClosed = awaitingPeerClose && f.performative() instanceof Close;
            f.release();
            if (peerClosed) {
                ctx.close(); // the peer answered our close: the exchange is complete
                return;
            }
            if (phase != Phase.CLOSED) {
                throw EngineException.connection(ErrorCondition.NOT_ALLOWED, "AMQP frame before the SASL exchange ended");
            }
            return;
        }
        if (bridge != null && !bridgeOpen) {
            // replayed once the broker side is open; reading stops meanwhile, so what is held is
            // bounded by one read, however much the peer sends before our open
            held.add(f);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        try {
            dispatch(f);
        } finally {
            f.release();
        }
    }

    private void dispatch(AmqpFrame.Amqp f) {
        Performative p = f.performative();
        if (!engine.received(p)) {
            return; // discarding after our close
        }
        if (p instanceof Open open) {
            onOpen(open);
        } else if (p instanceof Close) {
            for (Session s : sessions.values()) {
                s.connectionGone();
            }
            sessions.clear();
            bridge.close();
            releaseContainerId(); // before our close: a client reconnecting once close() returns finds its id free
            unlist();
            send(0, new Close(null));
            engine.sentClose();
            closeAfterFlush();
        } else if (p instanceof Begin b) {
            engine.requireOpened();
            if (sessions.containsKey(f.channel())) {
                throw EngineException.connection(ErrorCondition.NOT_ALLOWED, "channel " + f.channel() + " is in use");
            }
            if (f.channel() > CHANNEL_MAX) {
                throw EngineException.connection(ErrorCondition.NOT_ALLOWED, "channel " + f.channel() + " exceeds channel-max");
            }
            Session s = new Session(this, f.channel(), b);
            sessions.put(f.channel(), s);
        } else {
            engine.requireOpened();
            Session s = sessions.get(f.channel());
            if (s == null) {
                throw EngineException.connection(ErrorCondition.NOT_ALLOWED, "no session on channel " + f.channel());
            }
            try {
                if (s.received(p, f.payload())) {
                    sessions.remove(f.channel());
                }
            } catch (EngineException e) {
                if (e.scope() == EngineException.Scope.CONNECTION) {
                    throw e;
                }
                s.end(e.error());
                sessions.remove(f.channel());
            }
        }
    }

    private void onOpen(Open open) {
        remoteMaxFrameSize = Math.max(FrameDecoder.MIN_MAX_FRAME_SIZE, open.maxFrameSize());
        remoteIdleTimeout = open.idleTimeout();
        containerId = open.containerId();
        if (containerId != null && open.desiredCapabilities() != null
                && open.desiredCapabilities().contains(SOLE_CONNECTION)) {
            if (!containerIds.claim(containerId)) {
                closeWith(new ErrorCondition(Symbol.of(ErrorCondition.INVALID_FIELD), "container-id '" + containerId
                        + "' is in use by another connection", Map.of(Symbol.of("invalid-field"),
                        Symbol.of("container-id"))));
                flush();
                return;
            }
            holdsContainerId = true;
        }
        String vhost = open.hostname() != null && open.hostname().startsWith("vhost:")
                ? open.hostname().substring("vhost:".length()) : host.defaultVhost();
        vhostName = vhost;
        clientProperties = clientProperties(open);
        bridge = new Bridge(host, ctx.executor(), user, vhost, this);
        bridge.open();
    }

    @Override
    public void bridgeOpened() {
        if (phase == Phase.CLOSED) {
            bridge.close();
            return;
        }
        bridgeOpen = true;
        Map<Object, Object> properties = new LinkedHashMap<>();
        properties.put(Symbol.of("product"), "Warren");
        properties.put(Symbol.of("queue-prefix"), MessageMapping.QUEUE_PREFIX);
        properties.put(Symbol.of("topic-prefix"), Addresses.TOPIC_PREFIX);
        // SHARED-SUBS: JMS 2.0 shared subscriptions (qpid-jms refuses them when it is not offered).
        // sole-connection-for-container: duplicate container-ids (JMS client IDs) are refused (ContainerIds).
        // ANONYMOUS-RELAY: qpid-jms then sends every producer's messages on one link with a null target
        send(0, new Open("warren", null, options.maxFrameSize(), CHANNEL_MAX, options.idleTimeoutMillis(),
                List.of(Symbol.of("ANONYMOUS-RELAY"), Symbol.of("SHARED-SUBS"), SOLE_CONNECTION), List.of(),
                properties));
        engine.sentOpen();
        io.warrenmq.server.connection.HandshakeDeadline.met(ctx.channel()); // open: handshake_timeout no longer applies
        listed = host.connectionOpened(io.warrenmq.server.activity.ConnectionFacts.of(ctx.channel(), user, vhostName,
                clientProperties, CHANNEL_MAX, (int) Math.min(Integer.MAX_VALUE, options.maxFrameSize()),
                (int) (options.idleTimeoutMillis() / 1000), mechanism,
                io.warrenmq.server.activity.ConnectionFacts.AMQP_1_0), ctx.channel(), new Listed());
        decoder.maxFrameSize(options.maxFrameSize());
        startIdleChecks();
        List<AmqpFrame.Amqp> replay = new ArrayList<>(held);
        held.clear();
        ctx.channel().config().setAutoRead(true);
        for (AmqpFrame.Amqp f : replay) {
            if (phase == Phase.CLOSED) {
                f.release();
            } else {
                channelRead(ctx, f);
            }
        }
        flush();
    }

    @Override
    public void afterBatch() {
        flush();
    }

    @Override
    public void bridgeClosed(int replyCode, String replyText) {
        if (phase == Phase.CLOSED) {
            return;
        }
        closeWith(Conditions.of(replyCode, replyText));
        flush();
    }

    /** What the management API may do with this connection (its close arrives on any thread). */
    private final class Listed implements io.warrenmq.server.activity.LiveConnection.Control {
        @Override
        public void close(io.warrenmq.codec.ReplyCode code, String text) {
            ctx.executor().execute(() -> {
                closeWith(ErrorCondition.of("amqp:connection:forced", text));
                flush();
            });
        }

        @Override
        public io.netty.channel.Channel socket() {
            return ctx.channel();
        }

        @Override
        public java.util.concurrent.CompletionStage<List<io.warrenmq.server.channel.ChannelSnapshot>> channelSnapshots() {
            // its sessions and links are not 0-9-1 channels; /api/channels lists none for it
            return java.util.concurrent.CompletableFuture.completedFuture(List.of());
        }
    }

    /** The open's properties (qpid-jms: product, version, platform) as the API shows client properties. */
    private static Map<String, Object> clientProperties(Open open) {
        if (open.properties() == null) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        open.properties().forEach((k, v) -> {
            Object value = v instanceof Symbol sym ? sym.value()
                    : v instanceof String || v instanceof Number || v instanceof Boolean ? v : String.valueOf(v);
            out.put(k instanceof Symbol sym ? sym.value() : String.valueOf(k), value);
        });
        return out;
    }

    private void unlist() {
        if (listed != null) {
            host.connectionClosed(listed);
            listed = null;
        }
    }

    private void releaseContainerId() {
        if (holdsContainerId) {
            holdsContainerId = false;
            containerIds.release(containerId);
        }
    }

    private void startIdleChecks() {
        // why half: the spec asks peers to send at least every half of the other side's idle-time-out
        long read = options.idleTimeoutMillis();
        long write = remoteIdleTimeout / 2;
        if (read > 0 || write > 0) {
            ctx.pipeline().addBefore(ctx.name(), "amqp10Idle", new IdleStateHandler(read, write, 0, TimeUnit.MILLISECONDS));
        }
    }

    // ---- failures ------------------------------------------------------------------------------

    private void failed(EngineException e) {
        closeWith(e.error());
    }

    /** Closes the connection with {@code error}: our open first if it was not sent, then close. */
    void closeWith(ErrorCondition error) {
        if (phase == Phase.CLOSED) {
            return;
        }
        if (phase == Phase.AMQP) {
            ConnectionEngine.State st = engine.state();
            if (st == ConnectionEngine.State.OPEN_RCVD || st == ConnectionEngine.State.HDR_EXCH) {
                // an open sent only to carry the close says so, so the client waits for the close's error
                send(0, new Open("warren", null, options.maxFrameSize(), CHANNEL_MAX, 0, List.of(), List.of(),
                        Map.of(Symbol.of("amqp:connection-establishment-failed"), true)));
                if (st == ConnectionEngine.State.OPEN_RCVD) {
                    engine.sentOpen();
                }
            }
            if (engine.state() == ConnectionEngine.State.OPENED || engine.state() == ConnectionEngine.State.CLOSE_RCVD
                    || engine.state() == ConnectionEngine.State.HDR_EXCH) {
                send(0, new Close(error));
                engine.sentClose();
            }
        }
        phase = Phase.CLOSED;
        releaseContainerId();
        unlist();
        for (Session s : sessions.values()) {
            s.connectionGone();
        }
        sessions.clear();
        if (bridge != null) {
            bridge.close();
        }
        if (engine.state() == ConnectionEngine.State.CLOSE_SENT) {
            // why wait: a client that finds the socket closed before it has read our close reports a
            // transport failure instead of our error (qpid-jms does); the peer's close, or a bound, ends it
            awaitingPeerClose = true;
            ctx.writeAndFlush(takeOut());
            ctx.executor().schedule(() -> ctx.close(), PEER_CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            closeAfterFlush();
        }
    }

    /** How long after our close the socket stays open for the peer's (RabbitMQ's reader waits too). */
    static final long PEER_CLOSE_WAIT_MILLIS = 2_000;
    private boolean awaitingPeerClose;

    private void closeAfterFlush() {
        phase = Phase.CLOSED;
        ctx.writeAndFlush(takeOut()).addListener(ChannelFutureListener.CLOSE);
    }

    /** What was encoded for the peer and not yet written; the connection holds none after. */
    private ByteBuf takeOut() {
        ByteBuf b = out == null ? Unpooled.EMPTY_BUFFER : out;
        out = null;
        return b;
    }
}
