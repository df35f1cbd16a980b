package io.warrenmq.server.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.warrenmq.auth.PermissionChecker;
import io.warrenmq.auth.UserTags;
import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.Frame;
import io.warrenmq.codec.FrameDecoder;
import io.warrenmq.codec.FrameListener;
import io.warrenmq.codec.ProtocolHeader;
import io.warrenmq.codec.ReplyCode;
import io.warrenmq.codec.method.ChannelMethod;
import io.warrenmq.codec.method.ConnectionMethod;
import io.warrenmq.codec.method.Method;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.server.BrokerConfig;
import io.warrenmq.server.Mailbox;
import io.warrenmq.server.access.ConnectionLimits;
import io.warrenmq.server.activity.ConnectionFacts;
import io.warrenmq.server.activity.ConnectionRegistry;
import io.warrenmq.server.activity.LiveConnection;
import io.warrenmq.server.activity.TrafficCounter;
import io.warrenmq.server.parameters.GlobalParameters;
import io.warrenmq.server.alarm.ResourceAlarms;
import io.warrenmq.server.tls.PeerIdentity;
import io.warrenmq.server.channel.AmqpChannel;
import io.warrenmq.server.queue.Delivery;
import io.warrenmq.server.queue.Queue;
import io.warrenmq.server.vhost.VhostConnection;
import io.warrenmq.server.vhost.VirtualHost;
import io.warrenmq.server.vhost.VirtualHosts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AMQP connection: the handshake state machine, channel 0, routing frames to channels, and
 * the single place where errors become {@code channel.close} or {@code connection.close}.
 *
 * <p>Handlers below only throw {@link AmqpException}; this class alone catches: a soft error
 * closes its channel, a hard error (or any error on channel 0) closes the connection. Any other
 * exception is logged and becomes 541 INTERNAL_ERROR.
 *
 * <p>Two things stop a connection reading its socket (Netty autoRead off), and reading resumes only
 * when neither holds: resource alarms (from connection.open the connection subscribes to
 * {@link ResourceAlarms}; its {@link PublishGate} blocks a publishing connection and holds the frames
 * already decoded past that point) and publisher flow control ({@link PublisherFlow}: a publish to
 * a congested queue; frames already decoded are handled, nothing is held).
 *
 * <p>Frames arrive through {@link #frames()}, the listener of the connection's {@link FrameDecoder} (see
 * {@link io.warrenmq.server.Broker}); content bytes are copied out by the channel's aggregator during the
 * call. Frame records passed down the pipeline are handled the same way.
 *
 * <p>Thread-safety: confined to the connection's event loop. Other threads reach it only
 * through {@link #mailbox()} (deliveries, queue replies, alarm changes) and the volatile
 * {@link #writable()}.
 */
public final class ConnectionHandler extends ChannelInboundHandlerAdapter
        implements Mailbox.Handler, VhostConnection, LiveConnection.Control {
    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);
    /** How long we wait for connection.close-ok before dropping the socket. */
    private static final long CLOSE_TIMEOUT_SECONDS = 3;

    private final BrokerConfig config;
    private final Authenticator authenticator;
    private final VirtualHosts vhosts;
    private final ConnectionLimits limits;
    /** Where this connection shows itself to the management API once open; null in unit tests. */
    private final ConnectionRegistry registry;
    /** The cluster_name connection.start announces; null in unit tests (then the configured one). */
    private final GlobalParameters globals;
    private final ResourceAlarms alarms;
    /** Posted to our own mailbox when the alarms change (the alarm thread must not touch our state). */
    private final ResourceAlarms.Subscriber alarmSubscriber = () -> this.mailbox.post((Runnable) this::alarmsChanged);
    private final IntObjectHashMap<AmqpChannel> channels = new IntObjectHashMap<>();
    private final List<Queue> exclusiveQueues = new ArrayList<>();
    private final ConnectionFrames frames = new ConnectionFrames(this);

    private ChannelHandlerContext ctx;
    private Outbound out;
    private Mailbox mailbox;
    private ConnectionState state = ConnectionState.AWAITING_PROTOCOL_HEADER;
    private volatile boolean writable = true;
    private int channelMax;
    private int frameMax;
    private VirtualHost vhost;
    private String user;
    /** Who a verified TLS client certificate names (for EXTERNAL); empty on plain TCP. */
    private Optional<String> tlsPeer = Optional.empty();
    private PermissionChecker permissions;
    private boolean clientWantsCancelNotify;
    private boolean clientWantsBlockedNotify;
    /** Null until connection.open: RabbitMQ throttles only open connections. */
    private PublishGate gate;
    private PublisherFlow flow;
    /** What connection.start-ok and tune-ok said, for {@link #live}. */
    private FieldTable clientProperties = FieldTable.EMPTY;
    private String mechanism;
    private int heartbeat;
    /** Non-null while open and registered (client connections, not direct sessions). */
    private LiveConnection live;

    public ConnectionHandler(BrokerConfig config, Authenticator authenticator, VirtualHosts vhosts,
                             ResourceAlarms alarms) {
        this(config, authenticator, vhosts, alarms, new ConnectionLimits(vhosts, authenticator.users()));
    }

    /** With the broker's one {@link ConnectionLimits}, shared by all connections so counts are per user. */
    public ConnectionHandler(BrokerConfig config, Authenticator authenticator, VirtualHosts vhosts,
                             ResourceAlarms alarms, ConnectionLimits limits) {
        this(config, authenticator, vhosts, alarms, limits, null, null);
    }

    /**
     * As the broker builds it: open connections are listed in {@code registry}; connection.start
     * names the cluster as {@code globals} has it now.
     */
    public ConnectionHandler(BrokerConfig config, Authenticator authenticator, VirtualHosts vhosts,
                             ResourceAlarms alarms, ConnectionLimits limits, ConnectionRegistry registry,
                             GlobalParameters globals) {
        this.registry = registry;
        this.globals = globals;
        this.config = config;
        this.authenticator = authenticator;
        this.vhosts = vhosts;
        this.alarms = alarms;
        this.limits = limits;
    }

    /** The listener to give this connection's {@link FrameDecoder}. */
    public FrameListener frames() {
        return frames;
    }

    // ---- What channels use -----------------------------------------------------------------

    public Outbound out() {
        return out;
    }

    public Mailbox mailbox() {
        return mailbox;
    }

    public VirtualHost vhost() {
        return vhost;
    }

    public ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    /** The loop this connection lives on. */
    public EventExecutor loop() {
        return ctx.executor();
    }

    /**
     * The loop a queue this connection declares is pinned to: its own, so that its publishes and
     * deliveries stay on one thread; except for the management API's direct sessions, which live
     * on the one {@code amqp-direct} loop only for a request, so their queues go to an
     * {@code amqp-io} loop as an operator's do.
     */
    public EventExecutor queueLoop() {
        return isDirectSession() ? vhosts.nextLoop() : ctx.executor();
    }

    /** A management API direct session (an in-JVM local channel), not a client's socket. */
    private boolean isDirectSession() {
        return ctx.channel() instanceof io.netty.channel.local.LocalChannel;
    }

    /** A consumer filter registered under {@code token}; only in-JVM connections may name one. */
    public io.warrenmq.server.queue.ConsumerFilter consumerFilter(String token) {
        return isDirectSession() ? vhosts.consumerFilters().get(token) : null;
    }

    /** Whether this connection may name consumer filters (in-JVM connections only). */
    public boolean mayUseConsumerFilters() {
        return isDirectSession();
    }

    public long maxMessageSize() {
        return config.maxMessageSize();
    }

    /** The broker's clock (consumer timeout, unacked delivery times, heartbeats). */
    public io.warrenmq.server.clock.BrokerClock clock() {
        return vhosts.clock();
    }

    public long consumerTimeoutMillis() {
        return config.consumerTimeoutMillis();
    }

    /** deprecated_features.permit.*: what queue.declare and friends may still use. */
    public io.warrenmq.server.DeprecatedFeatures deprecatedFeatures() {
        return config.deprecatedFeatures();
    }

    /** The authenticated user name. */
    public String user() {
        return user;
    }

    /** This connection's permission checks (its user in its vhost); null before connection.open. */
    public PermissionChecker permissions() {
        return permissions;
    }

    /** Whether the user, as it is now, has the {@code impersonator} tag (may publish any user-id). */
    public boolean mayImpersonate() {
        return authenticator.users().user(user).map(u -> u.hasTag(UserTags.IMPERSONATOR)).orElse(false);
    }

    public boolean writable() {
        return writable;
    }

    private io.warrenmq.server.limits.DeclareGuard declareGuard;

    /** The node-wide checks before creating a queue or exchange (our loop; built on first use). */
    public io.warrenmq.server.limits.DeclareGuard declareGuard() {
        if (declareGuard == null) {
            declareGuard = new io.warrenmq.server.limits.DeclareGuard(config.nodeLimits(), alarms, vhosts);
        }
        return declareGuard;
    }

    public boolean clientWantsCancelNotify() {
        return clientWantsCancelNotify;
    }

    public void ownExclusive(Queue q) {
        exclusiveQueues.add(q);
    }

    public void disownExclusive(Queue q) {
        exclusiveQueues.remove(q);
    }

    public void channelClosed(int id) {
        if (channels.remove(id) != null) {
            publishChannelCount();
            limits.channelsClosed(user, 1);
            vhost.counters().increment(io.warrenmq.server.stats.VhostStat.CHANNEL_CLOSED);
        }
    }

    /** Runs channel work outside a read (a queue's reply), with the same error handling. */
    public void guard(AmqpChannel channel, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            failed(channel.id(), e);
        }
    }

    // ---- Netty events ----------------------------------------------------------------------

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.out = new Outbound(ctx, config.frameMax());
        this.mailbox = new Mailbox(ctx.executor(), this);
        this.flow = new PublisherFlow(mailbox, this::flowResumed);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg == ProtocolHeader.INSTANCE) {
            try {
                onProtocolHeader();
            } catch (RuntimeException e) {
                failed(0, e);
            }
        } else if (msg instanceof Frame frame) {
            frames.onFrame(frame); // a decoder in record mode
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    // ---- Frames (from ConnectionFrames, which catches what they throw) ----------------------

    /** The gate while frames must wait in it (blocked, or held frames still ahead); null otherwise. */
    PublishGate holdingGate() {
        return state == ConnectionState.OPEN && gate.holding() ? gate : null;
    }

    void method(int channel, Method m) {
        switch (state) {
            case OPEN -> onOpenMethod(channel, m);
            case CLOSING -> onClosingMethod(channel, m);
            case CLOSED -> { }
            default -> onHandshakeMethod(channel, m);
        }
    }

    /** A content header; its properties are {@code in[index, index + length)}, copied by the channel. */
    void header(int channel, int classId, long bodySize, ByteBuf in, int index, int length) {
        AmqpChannel target = contentTarget(channel);
        if (target != null) {
            target.onHeader(classId, bodySize, in, index, length);
            gate.published(alarms.active()); // RabbitMQ blocks on content frames: only publishes carry them
        }
    }

    /** A content body frame; its payload is {@code in[index, index + length)}, copied by the channel. */
    void body(int channel, ByteBuf in, int index, int length) {
        AmqpChannel target = contentTarget(channel);
        if (target != null) {
            target.onBody(in, index, length);
            gate.published(alarms.active());
        }
    }

    /** Maps what handling a frame or channel work threw (AmqpException or a bug) to a close. */
    void failed(int channel, RuntimeException e) {
        if (e instanceof AmqpException amqp) {
            fail(channel, amqp);
        } else {
            log.error("internal error on channel {}", channel, e);
            fail(0, AmqpException.of(ReplyCode.INTERNAL_ERROR, "%s", e));
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        out.flush();
    }

    /**
     * A publish on one of our channels just went to {@code queue}; if it is congested, stop reading.
     * The frames already decoded from this read are still handled (no frame is held back): Netty's
     * read loop stops after the current buffer, and the client's TCP window then closes.
     */
    public void publishedTo(Queue queue) {
        if (flow.published(queue)) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    /** The last congested queue holding this connection back cleared (our loop). */
    private void flowResumed() {
        if (state == ConnectionState.OPEN && !gate.holding()) {
            resetReaderIdle();
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void resetReaderIdle() {
        if (ctx.pipeline().get("idle") instanceof HeartbeatMonitor idle) {
            idle.resetReadTimeout(); // heartbeats were not read while paused; start the count afresh
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        writable = ctx.channel().isWritable();
        if (writable) {
            channels.values().forEach(AmqpChannel::writable);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.WRITER_IDLE) {
                out.heartbeat();
                out.flush();
            } else if (idle.state() == IdleState.READER_IDLE && gate != null && (gate.blocked() || flow.paused())) {
                // RabbitMQ pauses the heartbeat monitor of a blocked (or flow-controlled) connection: we are
                // not reading its heartbeats
                log.debug("connection {} is blocked or held back: its heartbeats are not being read", ctx.channel().remoteAddress());
            } else if (idle.state() == IdleState.READER_IDLE) {
                log.warn("closing connection {}: missed heartbeats from client", ctx.channel().remoteAddress());
                ctx.close();
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof AmqpException e) {
            fail(0, e.isConnectionError() ? e : AmqpException.connection(e.code(), "%s", e.text()));
        } else if (root instanceof javax.net.ssl.SSLException) {
            // an untrusted or missing client certificate, a protocol or cipher mismatch: worth the operator's eye
            log.warn("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), root.getMessage());
            ctx.close();
        } else if (root instanceof IOException) {
            log.debug("connection {} I/O error: {}", ctx.channel().remoteAddress(), root.toString());
            ctx.close();
        } else {
            log.error("internal error on connection {}", ctx.channel().remoteAddress(), root);
            fail(0, AmqpException.of(ReplyCode.INTERNAL_ERROR, "%s", root));
        }
    }

    /** The vhost was deleted (any thread): close as RabbitMQ does, 320 CONNECTION_FORCED. */
    @Override
    public void forceClose(String reason) {
        close(ReplyCode.CONNECTION_FORCED, reason);
    }

    /** Any thread: connection.close with this code and text (forced closes, the testkit's faults). */
    @Override
    public void close(ReplyCode code, String text) {
        ctx.executor().execute(() -> {
            if (state == ConnectionState.OPEN) {
                fail(0, AmqpException.connection(code, "%s", text));
            }
        });
    }

    @Override
    public io.netty.channel.Channel socket() {
        return ctx.channel();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ConnectionLog.accepted(ctx.channel());
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ConnectionLog.closed(ctx.channel(), vhost == null ? null : user, vhost == null ? null : vhost.name());
        if (live != null) {
            registry.closed(live);
        }
        if (vhost != null) {
            vhosts.disconnected(vhost.name(), this);
            vhost.counters().increment(io.warrenmq.server.stats.VhostStat.CONNECTION_CLOSED);
            limits.connectionClosed(user);
        }
        state = ConnectionState.CLOSED;
        alarms.unsubscribe(alarmSubscriber);
        if (gate != null) {
            gate.discardHeld();
        }
        releaseEverything();
        out.discard();
    }

    // ---- Inspection (LiveConnection.Control) ------------------------------------------------

    /** Any thread: every open channel, snapshot on our loop. */
    @Override
    public java.util.concurrent.CompletionStage<List<io.warrenmq.server.channel.ChannelSnapshot>> channelSnapshots() {
        java.util.concurrent.CompletableFuture<List<io.warrenmq.server.channel.ChannelSnapshot>> result =
                new java.util.concurrent.CompletableFuture<>();
        try {
            ctx.executor().execute(() -> {
                List<io.warrenmq.server.channel.ChannelSnapshot> list = new ArrayList<>(channels.size());
                if (state == ConnectionState.OPEN) {
                    for (AmqpChannel c : channels.values()) {
                        list.add(c.snapshot());
                    }
                    list.sort(java.util.Comparator.comparingInt(io.warrenmq.server.channel.ChannelSnapshot::number));
                }
                result.complete(list);
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.complete(List.of()); // the loop is shutting down: the connection is going too
        }
        return result;
    }

    private void publishChannelCount() {
        if (live != null) {
            live.channels(channels.size());
        }
    }

    private void showState(LiveConnection.State s) {
        if (live != null) {
            live.state(s);
        }
    }

    // ---- Mailbox: deliveries and replies from queues ---------------------------------------

    @Override
    public void handle(Object item) {
        if (!Delivery.handOver(item)) {
            ((Runnable) item).run();
        }
    }

    @Override
    public void afterBatch() {
        out.flush();
    }

    // ---- Handshake -------------------------------------------------------------------------

    private void onProtocolHeader() {
        // the TLS handshake (if any) is over before the protocol header arrives
        tlsPeer = PeerIdentity.of(ctx.pipeline(), config.sslCertLoginFrom());
        out.method(0, new ConnectionMethod.Start(0, 9, ServerProperties.table(config, globals == null ? config.clusterName() : globals.clusterName()),
                authenticator.mechanisms(tlsPeer.isPresent()), "en_US"));
        out.flush();
        state = ConnectionState.AWAITING_START_OK;
    }

    private void onHandshakeMethod(int channel, Method m) {
        if (channel != 0) {
            throw AmqpException.of(ReplyCode.COMMAND_INVALID, "unexpected frame during the handshake");
        }
        if (state == ConnectionState.AWAITING_START_OK && m instanceof ConnectionMethod.StartOk startOk) {
            onStartOk(startOk);
        } else if (state == ConnectionState.AWAITING_TUNE_OK && m instanceof ConnectionMethod.TuneOk tuneOk) {
            onTuneOk(tuneOk);
        } else if (state == ConnectionState.AWAITING_OPEN && m instanceof ConnectionMethod.Open open) {
            onOpen(open);
        } else if (m instanceof ConnectionMethod.Close) {
            closeAfterCloseOk();
        } else {
            throw AmqpException.of(ReplyCode.COMMAND_INVALID, "expected the next handshake step, got %s", m.name())
                    .withMethod(m.classId(), m.methodId());
        }
    }

    private void onStartOk(ConnectionMethod.StartOk startOk) {
        FieldTable capabilities = startOk.clientProperties().getTable("capabilities");
        clientWantsCancelNotify = capabilities != null
                && Boolean.TRUE.equals(capabilities.getBoolean("consumer_cancel_notify"));
        clientWantsBlockedNotify = capabilities != null
                && Boolean.TRUE.equals(capabilities.getBoolean("connection.blocked"));
        clientProperties = startOk.clientProperties();
        mechanism = startOk.mechanism();
        if (!authenticator.accepts(startOk.mechanism(), tlsPeer.isPresent(), ctx.channel().remoteAddress())) {
            throw AmqpException.of(ReplyCode.ACCESS_REFUSED, "unsupported authentication mechanism '%s'",
                    startOk.mechanism()).withMethod(ConnectionMethod.CLASS_ID, ConnectionMethod.StartOk.METHOD_ID);
        }
        Authenticator.Login login = authenticator.authenticate(startOk.mechanism(), startOk.response(),
                ctx.channel().remoteAddress(), tlsPeer);
        if (login instanceof Authenticator.Login.Refused refused) {
            refuseLogin(startOk.mechanism(), refused, capabilities);
            return;
        }
        user = ((Authenticator.Login.Accepted) login).user();
        state = ConnectionState.AWAITING_TUNE_OK;
        out.method(0, new ConnectionMethod.Tune(config.channelMax(), config.frameMax(), config.heartbeatSeconds()));
    }

    /**
     * As RabbitMQ (rabbit_reader, auth_fail): the reason goes to the log only. A client that
     * announced {@code authentication_failure_close} gets {@code connection.close} 403 naming the
     * mechanism (the Java client raises AuthenticationFailureException on it); any other client
     * just sees the socket closed, which is all AMQP 0-9-1 itself allows during the handshake.
     */
    private void refuseLogin(String mechanism, Authenticator.Login.Refused refused, FieldTable capabilities) {
        log.warn("login refused for user '{}' from {} ({}): {}", refused.user(), ctx.channel().remoteAddress(),
                mechanism, refused.reason());
        authenticator.failures().refused(ctx.channel().remoteAddress());
        if (capabilities != null && Boolean.TRUE.equals(capabilities.getBoolean("authentication_failure_close"))) {
            throw AmqpException.of(ReplyCode.ACCESS_REFUSED,
                    "Login was refused using authentication mechanism %s. For details see the broker logfile.",
                    mechanism).withMethod(ConnectionMethod.CLASS_ID, ConnectionMethod.StartOk.METHOD_ID);
        }
        state = ConnectionState.CLOSED;
        out.flushThenClose();
    }

    private void onTuneOk(ConnectionMethod.TuneOk tune) {
        long clientFrameMax = tune.frameMax();
        if (clientFrameMax != 0 && clientFrameMax < Frame.FRAME_MIN_SIZE) {
            throw tuneError("frame_max=%d < %d min size", clientFrameMax, Frame.FRAME_MIN_SIZE);
        }
        // RabbitMQ (validate_negotiated_integer_value): 0 means "no limit", which exceeds ours
        if (config.frameMax() != 0 && (clientFrameMax == 0 || clientFrameMax > config.frameMax())) {
            throw tuneError("negotiated frame_max = %d is higher than the maximum allowed value (%d)",
                    clientFrameMax, config.frameMax());
        }
        if (config.channelMax() != 0 && (tune.channelMax() == 0 || tune.channelMax() > config.channelMax())) {
            throw tuneError("negotiated channel_max = %d is higher than the maximum allowed value (%d)",
                    tune.channelMax(), config.channelMax());
        }
        frameMax = (int) clientFrameMax;
        channelMax = tune.channelMax() == 0 ? 65535 : tune.channelMax();
        ctx.pipeline().get(FrameDecoder.class).maxFrameSize(frameMax);
        out.frameMax(frameMax);
        heartbeat = tune.heartbeat();
        if (heartbeat > 0) {
            // As RabbitMQ (docs/heartbeats: "sent about every heartbeat timeout / 2 seconds"): send a heartbeat
            // after half an interval of silence, give up on a peer silent for two intervals. Half, not one:
            // clients also give up after two silent intervals, and a heartbeat sent only after a full one
            // leaves a single interval of slack, which a GC pause or a busy core can eat at 1 s intervals.
            // Ahead of the decoder, which passes no frames on: any octet received counts as a sign of
            // life, as RabbitMQ's heartbeat monitor counts them.
            ctx.pipeline().addBefore(ctx.pipeline().context(FrameDecoder.class).name(), "idle",
                    new HeartbeatMonitor(vhosts.clock(), 2000L * heartbeat, 500L * heartbeat));
        }
        state = ConnectionState.AWAITING_OPEN;
    }

    /** RabbitMQ names connection.tune as the method that failed negotiation. */
    private static AmqpException tuneError(String format, Object... args) {
        return AmqpException.of(ReplyCode.NOT_ALLOWED, format, args)
                .withMethod(ConnectionMethod.CLASS_ID, ConnectionMethod.Tune.METHOD_ID);
    }

    private void onOpen(ConnectionMethod.Open open) {
        VirtualHost v = vhosts.get(open.virtualHost());
        if (v == null) {
            throw AmqpException.of(ReplyCode.NOT_ALLOWED, "vhost %s not found", open.virtualHost())
                    .withMethod(ConnectionMethod.CLASS_ID, ConnectionMethod.Open.METHOD_ID);
        }
        try {
            limits.checkConnection(v.name(), user); // before the permission check, as rabbit_reader does
        } catch (AmqpException e) {
            throw e.withMethod(ConnectionMethod.CLASS_ID, ConnectionMethod.Open.METHOD_ID);
        }
        // RabbitMQ (rabbit_access_control:check_vhost_access): a user needs some permissions in the vhost
        if (!PermissionChecker.mayOpen(authenticator.users().snapshot(), user, v.name())) {
            throw AmqpException.of(ReplyCode.NOT_ALLOWED, "access to vhost '%s' refused for user '%s'",
                    v.name(), user).withMethod(ConnectionMethod.CLASS_ID, ConnectionMethod.Open.METHOD_ID);
        }
        vhost = v;
        permissions = new PermissionChecker(authenticator.users(), user, v.name(), null);
        state = ConnectionState.OPEN;
        HandshakeDeadline.met(ctx.channel());
        ConnectionLog.opened(ctx.channel(), user, v.name(), clientProperties.getString("connection_name"));
        vhosts.connected(v.name(), this);
        v.counters().increment(io.warrenmq.server.stats.VhostStat.CONNECTION_CREATED);
        limits.connectionOpened(user);
        out.method(0, new ConnectionMethod.OpenOk(""));
        if (registry != null && !isDirectSession()) { // direct sessions are requests, not listed clients
            live = new LiveConnection(ConnectionFacts.of(ctx.channel(), user, v.name(),
                    io.warrenmq.server.definitions.JsonArguments.toJson(clientProperties), channelMax, frameMax,
                    heartbeat, mechanism), ctx.pipeline().get(TrafficCounter.class), this);
            registry.opened(live);
        }
        // subscribe first, then read the state: a change in between is then seen one way or the other
        gate = new PublishGate(new SocketValve(), clientWantsBlockedNotify);
        alarms.subscribe(alarmSubscriber);
        gate.alarmsChanged(alarms.active());
    }

    /** On our loop, posted by {@link #alarmSubscriber}. */
    private void alarmsChanged() {
        if (state == ConnectionState.OPEN) {
            gate.alarmsChanged(alarms.active());
        }
    }

    /** How the gate pauses and resumes this connection's socket. */
    private final class SocketValve implements PublishGate.Valve {
        @Override
        public void stopReading() {
            ctx.channel().config().setAutoRead(false);
            showState(LiveConnection.State.BLOCKED);
        }

        @Override
        public void resumeReading() {
            for (Frame f; state != ConnectionState.CLOSED && (f = gate.nextHeld()) != null; ) {
                frames.replay(f);
            }
            if (gate.blocked() || flow.paused()) {
                return; // a held publish found an alarm on again, or a congested queue still holds us back
            }
            resetReaderIdle();
            ctx.channel().config().setAutoRead(true);
            showState(LiveConnection.State.RUNNING);
        }

        @Override
        public void send(ConnectionMethod method) {
            out.method(0, method);
            out.flush();
        }
    }

    // ---- Open connection -------------------------------------------------------------------

    private void onOpenMethod(int id, Method m) {
        if (id == 0) {
            onChannelZero(m);
            return;
        }
        AmqpChannel channel = channels.get(id);
        if (channel != null) {
            channel.onMethod(m);
        } else if (m instanceof ChannelMethod.Open) {
            // RabbitMQ (rabbit_reader:create_channel) bounds the number of open channels by channel_max, not
            // the channel numbers: channel 3000 opens under channel_max 2047 while fewer are open
            if (channels.size() >= channelMax) {
                throw AmqpException.connection(ReplyCode.NOT_ALLOWED,
                        "number of channels opened (%d) has reached the negotiated channel_max (%d)",
                        channels.size(), channelMax);
            }
            limits.checkChannel(user);
            channels.put(id, new AmqpChannel(id, this));
            publishChannelCount();
            vhost.counters().increment(io.warrenmq.server.stats.VhostStat.CHANNEL_CREATED);
            limits.channelOpened(user);
            out.method(id, new ChannelMethod.OpenOk(""));
        } else if (m instanceof ChannelMethod.CloseOk) {
            // a late close-ok for a channel we already forgot: harmless
        } else {
            throw expectedChannelOpen(id);
        }
    }

    /** The open channel a content frame goes to; null while closing (the frame is dropped). */
    private AmqpChannel contentTarget(int id) {
        switch (state) {
            case CLOSING, CLOSED -> {
                return null;
            }
            case OPEN -> {
                if (id == 0) {
                    throw AmqpException.of(ReplyCode.UNEXPECTED_FRAME, "content frame on channel 0");
                }
                AmqpChannel channel = channels.get(id);
                if (channel == null) {
                    // RabbitMQ: a frame on a new channel reaches a fresh command assembler, which expects a
                    // method (rabbit_command_assembler:process/2)
                    throw AmqpException.connection(ReplyCode.UNEXPECTED_FRAME,
                            "expected method frame, got non method frame instead");
                }
                return channel;
            }
            default -> throw AmqpException.of(ReplyCode.COMMAND_INVALID, "unexpected frame during the handshake");
        }
    }

    private static AmqpException expectedChannelOpen(int id) {
        return AmqpException.connection(ReplyCode.CHANNEL_ERROR, "expected 'channel.open' on channel %d", id);
    }

    private void onChannelZero(Method m) {
        if (m instanceof ConnectionMethod.Close) {
            closeAfterCloseOk();
        } else if (m instanceof ConnectionMethod.UpdateSecret) {
            out.method(0, new ConnectionMethod.UpdateSecretOk());
        } else if (m instanceof ConnectionMethod.Blocked || m instanceof ConnectionMethod.Unblocked) {
            // informational from a client; nothing to do
        } else {
            // RabbitMQ (rabbit_reader:handle_method0): a channel error, not command_invalid
            throw AmqpException.of(ReplyCode.CHANNEL_ERROR, "unexpected method in connection state running")
                    .withMethod(m.classId(), m.methodId());
        }
    }

    /** The client closed: free everything, answer close-ok, then drop the socket. */
    private void closeAfterCloseOk() {
        releaseEverything();
        state = ConnectionState.CLOSED;
        out.method(0, new ConnectionMethod.CloseOk());
        out.flushThenClose();
    }

    // ---- Closing ---------------------------------------------------------------------------

    private void onClosingMethod(int channel, Method m) {
        if (channel == 0) {
            if (m instanceof ConnectionMethod.CloseOk) {
                state = ConnectionState.CLOSED;
                ctx.close();
            } else if (m instanceof ConnectionMethod.Close) {
                out.method(0, new ConnectionMethod.CloseOk());
                state = ConnectionState.CLOSED;
                out.flushThenClose();
            }
        }
    }

    /** The one place errors become closes. */
    private void fail(int channelId, AmqpException e) {
        if (state == ConnectionState.CLOSING || state == ConnectionState.CLOSED) {
            return;
        }
        AmqpChannel channel = channelId == 0 ? null : channels.get(channelId);
        if (!e.isConnectionError() && channel != null && !channel.isOpen()) {
            // already closing (e.g. a queue's refusal arrived after an earlier error): one close is enough
            return;
        }
        if (!e.isConnectionError() && channel != null) {
            log.debug("closing channel {}: {}", channelId, e.text());
            channel.closeWithError(e);
            out.flush();
            return;
        }
        closeConnection(e);
    }

    private void closeConnection(AmqpException e) {
        log.info("closing connection {}: {}", ctx.channel().remoteAddress(), e.text());
        releaseEverything();
        state = ConnectionState.CLOSING;
        showState(LiveConnection.State.CLOSING);
        out.method(0, new ConnectionMethod.Close(e.code().code(), e.text(), e.classId(), e.methodId()));
        out.flush();
        if (gate != null && !ctx.channel().config().isAutoRead()) {
            // a blocked connection must still read the client's close-ok (RabbitMQ reads again once closing);
            // what it sent before our close is discarded, as everything but close-ok would be now
            gate.discardHeld();
            ctx.channel().config().setAutoRead(true);
        }
        // spec: after sending connection.close, discard everything until close-ok
        ScheduledFuture<?> timeout = ctx.executor().schedule(() -> {
            ctx.close();
        }, CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        ctx.channel().closeFuture().addListener(f -> timeout.cancel(false));
    }

    private void releaseEverything() {
        flow.clear();
        for (AmqpChannel channel : channels.values()) {
            channel.shutdown();
        }
        if (vhost != null) {
            limits.channelsClosed(user, channels.size()); // the user's channel count, whichever way we close
            vhost.counters().add(io.warrenmq.server.stats.VhostStat.CHANNEL_CLOSED, channels.size());
        }
        channels.clear();
        publishChannelCount();
        for (Queue q : exclusiveQueues) {
            q.deleteAsync();
        }
        exclusiveQueues.clear();
    }

}
