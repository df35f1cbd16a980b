package io.warrenmq.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.warrenmq.server.direct.DirectSession;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.warrenmq.codec.Frame;
import io.warrenmq.codec.FrameDecoder;
import io.warrenmq.codec.ProtocolHeaderHandler;
import io.warrenmq.auth.UserDatabase;
import io.warrenmq.definitions.DefinitionsReader;
import io.warrenmq.definitions.DefinitionsWriter;
import io.warrenmq.server.access.ConnectionLimits;
import io.warrenmq.server.limits.SocketBudget;
import io.warrenmq.server.definitions.DefinitionsExporter;
import io.warrenmq.server.definitions.DefinitionsImporter;
import io.warrenmq.server.definitions.ImportReport;
import io.warrenmq.server.access.DefaultUser;
import io.warrenmq.server.clock.BrokerClock;
import io.warrenmq.server.alarm.ResourceAlarms;
import io.warrenmq.server.connection.Authenticator;
import io.warrenmq.server.activity.ConnectionRegistry;
import io.warrenmq.server.activity.TrafficCounter;
import io.warrenmq.server.connection.ConnectionHandler;
import io.warrenmq.server.connection.ShutdownClose;
import io.warrenmq.server.parameters.GlobalParameters;
import io.warrenmq.management.ManagementOptions;
import io.warrenmq.management.ManagementServer;
import io.warrenmq.server.management.BrokerManagement;
import io.warrenmq.server.queue.Queue;
import io.warrenmq.server.tls.ServerTls;
import io.warrenmq.server.vhost.VirtualHost;
import io.warrenmq.server.vhost.VirtualHosts;
import io.warrenmq.store.DurableStore;
import io.warrenmq.store.RecoveryReport;
import io.warrenmq.store.StoreOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker as a library: build it from a {@link BrokerConfig}, {@link #start()} it, read the
 * bound {@link #port()}, {@link #close()} it. The main class and the tests both use this.
 *
 * <p>Threads: one group of {@code amqp-io-N} event loops ({@code ioThreads}, default half the
 * cores, {@link BrokerConfig#defaultIoThreads()}) runs every connection and every queue; the {@code resource-alarms} thread checks memory
 * and free disk ({@link #alarms()}); see docs/architecture.md.
 *
 * <p>Thread-safety: {@code start} and {@code close} may be called from any thread, once each.
 */
public final class Broker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Broker.class);

    private final BrokerConfig config;
    /** Created in {@link #start()}, once the store is open. */
    private volatile VirtualHosts vhosts;
    private final ResourceAlarms alarms;
    /** Users and permissions, stored with the definitions; the default user only when there are none. */
    private final UserDatabase users = new UserDatabase();
    /** Created in {@link #start()}: the per-user connection and channel counts all connections share. */
    private volatile ConnectionLimits limits;
    /** Client sockets held, below the file-descriptor limit (set at start, before any accept). */
    private volatile SocketBudget sockets;
    /** Created in {@link #start()}, beside the store. */
    private volatile GlobalParameters globals;
    /** The open client connections, for the management API. */
    private final ConnectionRegistry registry = new ConnectionRegistry();
    private DefinitionsImporter importer;
    private volatile Authenticator authenticator;
    private EventLoopGroup bossGroup;
    private EventLoopGroup ioGroup;
    /** Netty 4.2's NIO loops cannot carry local channels: direct sessions get one loop of their own. */
    private EventLoopGroup directGroup;
    private Channel serverChannel;
    /** The in-JVM listener for direct sessions ({@link #openDirect}). */
    private volatile Channel directChannel;
    private static final java.util.concurrent.atomic.AtomicLong DIRECT_IDS = new java.util.concurrent.atomic.AtomicLong();
    /** The AMQPS listener; null unless ssl_options.certfile is configured. */
    private Channel tlsServerChannel;
    private ChannelGroup connections;
    /** The management API and Prometheus listeners; null when both are off. */
    private volatile ManagementServer management;

    private DurableStore store;
    private RecoveryReport recoveryReport;

    private final StoreOptions storeOptions;
    /** Set before start ({@link #observeMessages}); handed to the vhost registry when it is created. */
    private volatile io.warrenmq.server.observe.MessageObserver observer = io.warrenmq.server.observe.MessageObserver.NONE;
    private final BrokerClock clock;

    /** Other protocols on the AMQP port (AMQP 1.0); set before start, else found by ServiceLoader. */
    private volatile List<io.warrenmq.server.protocol.ProtocolExtension> protocols;
    /** Built at start from {@link #protocols}; null when there are none (0-9-1 only). */
    private volatile io.warrenmq.server.protocol.ProtocolSwitch protocolSwitch;

    public Broker(BrokerConfig config) {
        this(config, StoreOptions.defaults());
    }

    /**
     * A broker whose data directory is opened with these store options (segment size, group
     * commit, and the file-channel seam through which tests inject a failing disk).
     */
    public Broker(BrokerConfig config, StoreOptions storeOptions) {
        this(config, storeOptions, BrokerClock.SYSTEM);
    }

    /**
     * A broker whose time-driven features (message TTL, x-expires, the consumer timeout, heartbeats)
     * read {@code clock}: a {@link io.warrenmq.server.clock.VirtualClock} for tests that advance time.
     */
    public Broker(BrokerConfig config, StoreOptions storeOptions, BrokerClock clock) {
        this.config = config;
        this.storeOptions = storeOptions;
        this.alarms = new ResourceAlarms(config);
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
    }

    /** The clock the broker's TTLs, expiries and timeouts run on. */
    public BrokerClock clock() {
        return clock;
    }

    public BrokerConfig config() {
        return config;
    }

    /**
     * The user database: add users, set permissions and topic permissions at runtime, as
     * {@code rabbitmqctl add_user} / {@code set_permissions} do; changes apply to the next login and
     * the next permission check. Any thread.
     */
    public UserDatabase users() {
        return users;
    }

    /** Refused logins, in total and by peer address; null before {@link #start()}. */
    public io.warrenmq.server.access.LoginFailures loginFailures() {
        return authenticator == null ? null : authenticator.failures();
    }

    /** RabbitMQ's global parameters (cluster_name among them); null before {@link #start()}. */
    public GlobalParameters globalParameters() {
        return globals;
    }

    /** The open AMQP client connections (not direct sessions), by name. */
    public ConnectionRegistry connectionRegistry() {
        return registry;
    }

    /** The connection and channel limits' counters; null before {@link #start()}. */
    public ConnectionLimits connectionLimits() {
        return limits;
    }

    /**
     * The virtual hosts: create and delete them at runtime, as {@code rabbitmqctl add_vhost} and
     * {@code delete_vhost} do. Available once started; any thread but an event loop's.
     */
    public VirtualHosts vhosts() {
        if (vhosts == null) {
            throw new IllegalStateException("not started");
        }
        return vhosts;
    }

    /**
     * Tells {@code observer} about every message's publish, enqueue, delivery and settlement (the
     * testkit's journal); before {@link #start()}. Off ({@code MessageObserver.NONE}) by default.
     */
    public Broker observeMessages(io.warrenmq.server.observe.MessageObserver observer) {
        if (serverChannel != null) {
            throw new IllegalStateException("observeMessages must be called before start()");
        }
        this.observer = java.util.Objects.requireNonNull(observer);
        return this;
    }

    /**
     * The other protocols the AMQP ports speak besides 0-9-1 (an empty list: none); before
     * {@link #start()}. Without this call they are found with {@link java.util.ServiceLoader}, so
     * putting {@code warren-amqp10} on the class path is enough.
     */
    public Broker protocols(List<io.warrenmq.server.protocol.ProtocolExtension> extensions) {
        if (serverChannel != null) {
            throw new IllegalStateException("protocols must be set before start()");
        }
        this.protocols = List.copyOf(extensions);
        return this;
    }

    private io.warrenmq.server.protocol.ProtocolSwitch protocolSwitch() {
        List<io.warrenmq.server.protocol.ProtocolExtension> list = protocols;
        if (list == null) {
            list = java.util.ServiceLoader.load(io.warrenmq.server.protocol.ProtocolExtension.class).stream()
                    .map(java.util.ServiceLoader.Provider::get).toList();
        }
        return list.isEmpty() ? null : new io.warrenmq.server.protocol.ProtocolSwitch(list,
                new io.warrenmq.server.protocol.BrokerProtocolHost(config, authenticator, users, directGroup,
                        () -> directChannel, () -> vhosts, registry),
                List.of("frameDecoder", "connection"));
    }

    /** Binds the listener; returns once connections are accepted. */
    public synchronized Broker start() {
        if (serverChannel != null) {
            throw new IllegalStateException("already started");
        }
        long t0 = System.nanoTime();
        log.info("starting Warren {} (RabbitMQ {} compatible) on Java {} ({}), data directory {}",
                io.warrenmq.server.connection.ServerProperties.WARREN_VERSION, config.compatibilityVersion(),
                System.getProperty("java.version"), System.getProperty("java.vm.name"),
                config.dataDir() == null ? "none (in memory)" : config.dataDir().toAbsolutePath());
        bossGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("amqp-accept"),
                NioIoHandler.newFactory());
        ioGroup = new MultiThreadIoEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("amqp-io"),
                NioIoHandler.newFactory());
        directGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("amqp-direct"),
                io.netty.channel.local.LocalIoHandler.newFactory());
        clock.attach(ioGroup);
        clock.attach(directGroup);
        try {
            openStoreAndRestore();
        } catch (io.warrenmq.store.MissingDefinitionsException e) {
            close();
            throw new StartupFailure(e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            close();
            throw new StartupFailure("cannot use the data directory " + config.dataDir() + ": " + reason(e)
                    + "; set data_dir or --data-dir", e);
        }
        alarms.start();
        connections = new DefaultChannelGroup("connections", GlobalEventExecutor.INSTANCE);
        if (config.loadDefinitions() != null) {
            loadDefinitionsFile(config.loadDefinitions());
        }
        // after load_definitions: a file with users means no default user, as in RabbitMQ
        DefaultUser.createIfNoUsers(users, config);
        authenticator = new Authenticator(config, users);
        limits = new ConnectionLimits(vhosts, users, config.nodeLimits().connectionMax());
        int socketLimit = config.nodeLimits().socketLimit();
        sockets = new SocketBudget(socketLimit > 0 ? socketLimit
                : SocketBudget.limitFor(SocketBudget.processFileDescriptorLimit()));
        protocolSwitch = protocolSwitch();
        ServerTls tls = null;
        try {
            tls = config.tls().enabled() ? ServerTls.create(config.tls()) : null;
        } catch (IllegalArgumentException e) {
            close();
            throw e;
        }
        try {
            serverChannel = bind(bootstrap(authenticator, null), config.port(), "listeners.tcp.default or --port");
            if (tls != null) {
                tlsServerChannel = bind(bootstrap(authenticator, tls), config.tls().port(), "listeners.ssl.default");
            }
            directChannel = bindDirect(authenticator);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while binding", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        startManagement();
        if (tlsServerChannel != null) {
            log.info("AMQPS listening on {}:{}", config.host(), tlsPort());
        }
        log.info("Warren listening on {}:{} (started in {} ms)", config.host(), port(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        return this;
    }

    /** An exception's reason in one line, with the file it concerns (the JDK's messages are often just a path). */
    private static String reason(Throwable e) {
        if (e instanceof java.nio.file.AccessDeniedException a) {
            return "permission denied on " + a.getFile();
        }
        if (e instanceof java.nio.file.NoSuchFileException n) {
            return "no such file or directory " + n.getFile();
        }
        if (e instanceof java.nio.file.FileSystemException f) {
            return f.getReason() == null ? f.toString() : f.getReason() + ": " + f.getFile();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** How long a stop waits for confirms of what was taken, then for the clients' close-oks. */
    private static final long SHUTDOWN_CONFIRM_WAIT_MILLIS = 5_000;
    private static final long SHUTDOWN_CLOSE_WAIT_MILLIS = 2_000;

    /** Binds a listener; a taken port closes everything opened so far and names the setting to change. */
    private io.netty.channel.Channel bind(io.netty.bootstrap.ServerBootstrap b, int port, String settings)
            throws InterruptedException {
        io.netty.channel.ChannelFuture bound = b.bind(config.host(), port).await();
        if (bound.cause() instanceof java.net.BindException e) {
            close();
            throw StartupFailure.portInUse(port, settings, e);
        }
        return bound.sync().channel();
    }

    /** After the AMQP listeners: the API answers only once the broker it describes accepts connections. */
    private void startManagement() {
        ManagementOptions m = config.management();
        if (!m.enabled() && !m.prometheusEnabled()) {
            return;
        }
        try {
            io.netty.handler.ssl.SslContext https = m.enabled() && config.managementTls().enabled()
                    ? ServerTls.create(config.managementTls()).context() : null;
            management = ManagementServer.start(m, new BrokerManagement(this, authenticator), https);
        } catch (IllegalArgumentException e) {
            close();
            throw e;
        } catch (java.net.BindException e) {
            close();
            throw new StartupFailure(e.getMessage(), e);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("cannot start the management listener (management.tcp.port " + m.port()
                    + ", prometheus.tcp.port " + m.prometheusPort() + "): " + e.getMessage(), e);
        }
        if (management.port() >= 0) {
            log.info("Management API listening on {}:{}{}", m.host(), management.port(), m.pathPrefix());
        }
        if (management.httpsPort() >= 0) {
            log.info("Management API (HTTPS) listening on {}:{}{}", m.host(), management.httpsPort(), m.pathPrefix());
        }
        if (management.prometheusPort() >= 0) {
            log.info("Prometheus metrics on {}:{}/metrics", m.prometheusHost(), management.prometheusPort());
        }
    }

    /** The management API's bound port (useful with port 0); -1 when it is off or not started. */
    public int managementPort() {
        ManagementServer m = management;
        return m == null ? -1 : m.port();
    }

    /** The management API's bound HTTPS port; -1 when there is none. */
    public int managementHttpsPort() {
        ManagementServer m = management;
        return m == null ? -1 : m.httpsPort();
    }

    /** The Prometheus endpoint's bound port; -1 when it is off or not started. */
    public int prometheusPort() {
        ManagementServer m = management;
        return m == null ? -1 : m.prometheusPort();
    }

    /** The listener for plain AMQP ({@code tls} null) or AMQPS: the same pipeline behind an SslHandler. */
    private ServerBootstrap bootstrap(Authenticator authenticator, ServerTls tls) {
        return new ServerBootstrap()
                .group(bossGroup, ioGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                // why 4 reads a turn, not Netty's 16: a flooding publisher then holds its loop for at most
                // ~256 KB of frames before other connections' acks and the queues' batches (and so the
                // flow-control check) run; see "Reading" in docs/architecture.md
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator().maxMessagesPerRead(4))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        initConnection(ch, authenticator, tls);
                    }
                });
    }

    /** One AMQP connection's pipeline: the same for TCP, AMQPS and the in-JVM direct listener. */
    private void initConnection(Channel ch, Authenticator authenticator, ServerTls tls) {
        connections.add(ch);
        ConnectionHandler connection = new ConnectionHandler(config, authenticator, vhosts, alarms, limits,
                registry, globals);
        if (!(ch instanceof LocalChannel)) {
            Channel evicted = sockets.accepted(ch);
            ch.closeFuture().addListener(f -> sockets.closed(ch));
            if (evicted != null) {
                evicted.close();
            }
            ch.pipeline().addLast("traffic", new TrafficCounter()); // first: octets as on the wire
            ch.pipeline().addLast("handshakeDeadline", new io.warrenmq.server.connection.HandshakeDeadline(
                    vhosts.clock(), config.handshakeTimeoutMillis(), sockets));
        }
        if (tls != null) {
            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
        }
        ch.pipeline()
                .addLast("protocolHeader", new ProtocolHeaderHandler(ch instanceof LocalChannel ? null : protocolSwitch))
                // spec and RabbitMQ: until tune-ok the frame-max in force is frame-min-size
                .addLast("frameDecoder", new FrameDecoder(Frame.FRAME_MIN_SIZE, connection.frames()))
                .addLast("connection", connection);
    }

    /**
     * The in-JVM listener the management API's {@link DirectSession}s connect to (RabbitMQ's
     * "direct" connections): the same pipeline and the same command code as a socket, so a queue
     * declared over HTTP goes through exactly the checks an AMQP client's does.
     */
    private Channel bindDirect(Authenticator authenticator) throws InterruptedException {
        return new ServerBootstrap()
                .group(directGroup)
                .channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                        initConnection(ch, authenticator, null);
                    }
                })
                .bind(new LocalAddress("warren-direct-" + DIRECT_IDS.incrementAndGet())).sync().channel();
    }

    /**
     * Opens a direct session as {@code user} (already authenticated by the caller) to {@code vhost}.
     * Once started; any thread. The session fails as a client's would: 530 without vhost access.
     */
    public java.util.concurrent.CompletionStage<DirectSession> openDirect(String user, String vhost) {
        Channel listener = directChannel;
        if (listener == null) {
            return java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("not started"));
        }
        return DirectSession.open(directGroup, (LocalAddress) listener.localAddress(), user,
                authenticator.directToken(), vhost);
    }

    private void loadDefinitionsFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            importer().importFrom(in, DefinitionsReader.DEFAULT_MAX_BYTES);
        } catch (IOException | RuntimeException e) {
            close();
            throw new IllegalStateException("load_definitions " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Imports a RabbitMQ definitions document (as {@code rabbitmqctl import_definitions} does), all
     * or nothing, durably. Once started; any thread but an event loop's.
     *
     * @throws io.warrenmq.definitions.DefinitionsException naming the first bad entry; nothing changed
     */
    public ImportReport importDefinitions(InputStream json) {
        return importer().importFrom(json, DefinitionsReader.DEFAULT_MAX_BYTES);
    }

    /** Writes the broker's definitions as RabbitMQ's export does. Once started; any thread. */
    public void exportDefinitions(OutputStream out) throws IOException {
        DefinitionsWriter.write(new DefinitionsExporter(vhosts(), users, config.compatibilityVersion(),
                globals.all()).export(), out);
    }

    /** One importer, so that imports are serialized (it is synchronized). */
    private synchronized DefinitionsImporter importer() {
        if (importer == null) {
            importer = new DefinitionsImporter(vhosts(), users, globals);
        }
        return importer;
    }

    /**
     * Opens the durable store (data directory locked against a second broker), recreates the
     * durable topology and refills durable queues. Without a data directory the broker is purely
     * in memory.
     */
    private void openStoreAndRestore() throws IOException {
        if (config.dataDir() == null) {
            VirtualHosts v = VirtualHosts.inMemory(users, config.defaultVhost(), ioGroup::next, clock);
            v.observer(observer); // nothing restored in memory: no queue was created without it
            vhosts = v;
            globals = GlobalParameters.inMemory(config.clusterName());
            return;
        }
        store = DurableStore.open(config.dataDir(), storeOptions);
        globals = GlobalParameters.open(config.dataDir(), config.clusterName());
        RecoveryReport report = store.recoveryReport();
        log.info("data directory {}: {} segments ({} from hint files, {} scanned), {} messages recovered in {} ms",
                config.dataDir(), report.segmentsFromHints() + report.segmentsScanned(), report.segmentsFromHints(),
                report.segmentsScanned(), report.messagesRecovered(), report.took().toMillis());
        report.problems().forEach(p -> log.warn("recovery: {}", p));
        store.requireDefinitions();
        vhosts = new VirtualHosts(store, users, ioGroup::next, clock);
        vhosts.observer(observer);
        List<String> topologyProblems = vhosts.restore(store.definitions(), config.defaultVhost());
        topologyProblems.forEach(p -> log.warn("recovery: {}", p));
        List<String> problems = new ArrayList<>(report.problems());
        problems.addAll(topologyProblems);
        recoveryReport = new RecoveryReport(report.segmentsScanned(), report.segmentsFromHints(), report.recordsRead(),
                report.messagesRecovered(), report.tornTailBytesCut(), List.copyOf(problems), report.took(),
                report.orphanedMessages());
    }

    /**
     * What the last start recovered and skipped (segments, messages, torn tails cut, corrupt
     * records, damaged definitions), plus topology entries that could not be restored; null for an
     * in-memory broker.
     */
    public RecoveryReport recoveryReport() {
        return recoveryReport;
    }

    /**
     * The memory and free-disk alarms: read whether each is on, and change the limits at runtime as
     * {@code rabbitmqctl set_vm_memory_high_watermark} and {@code set_disk_free_limit} do (until the
     * broker stops). Call from any thread but an event loop's.
     */
    public ResourceAlarms alarms() {
        return alarms;
    }

    /** The bound TCP port (the real one when the config asked for port 0). */
    /** The bound AMQPS port (useful with port 0); -1 when there is no TLS listener. */
    public int tlsPort() {
        return tlsServerChannel == null ? -1 : ((InetSocketAddress) tlsServerChannel.localAddress()).getPort();
    }

    public int port() {
        if (serverChannel == null) {
            throw new IllegalStateException("not started");
        }
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /**
     * Stops accepting, closes every client connection as RabbitMQ does at shutdown (no longer read,
     * its pending publisher confirms sent, then {@code connection.close} 320 CONNECTION_FORCED; see
     * {@link ShutdownClose}; their unacked messages go back to their queues),
     * deletes every queue on its own loop (releasing the message buffers), then waits for the
     * threads to finish. In-memory contents are gone afterwards, as the README says.
     */
    @Override
    public synchronized void close() {
        if (management != null) {
            management.close();
            management = null;
        }
        if (tlsServerChannel != null) {
            tlsServerChannel.close().syncUninterruptibly();
        }
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        if (directChannel != null) {
            directChannel.close().syncUninterruptibly();
        }
        if (connections != null && !registry.all().isEmpty()) {
            // before the alarms stop: a blocked publisher is still held while its confirms go out
            log.info("stopping: closing {} client connections (320, after their pending confirms)",
                    registry.all().size());
            ShutdownClose.closeAll(registry, SHUTDOWN_CONFIRM_WAIT_MILLIS, SHUTDOWN_CLOSE_WAIT_MILLIS);
        }
        alarms.close();
        if (connections != null) {
            connections.close().awaitUninterruptibly(); // whatever did not answer its close, and direct sessions
        }
        for (VirtualHost vhost : vhosts == null ? List.<VirtualHost>of() : vhosts.all()) {
            for (Queue queue : vhost.queues()) {
                queue.discardOnShutdown();
            }
        }
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (ioGroup != null) {
            ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (directGroup != null) {
            directGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
