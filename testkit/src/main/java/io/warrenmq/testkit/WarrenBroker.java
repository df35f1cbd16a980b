package io.warrenmq.testkit;

import com.rabbitmq.client.AddressResolver;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.warrenmq.definitions.DefinitionsWriter;
import io.warrenmq.management.ManagementOptions;
import io.warrenmq.server.Broker;
import io.warrenmq.server.BrokerConfig;
import io.warrenmq.server.DeprecatedFeatures;
import io.warrenmq.server.clock.VirtualClock;
import io.warrenmq.store.StoreOptions;
import io.warrenmq.server.queue.Queue;
import io.warrenmq.testkit.journal.MessageJournal;
import io.warrenmq.server.vhost.VirtualHost;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.function.IntPredicate;

/**
 * A running in-process broker as a test sees it: where it listens, ready client objects, reset,
 * inspection and waiting, alarms. The {@link WarrenExtension} creates one and injects it; the
 * underlying {@link Broker} is {@link #server()} for everything else.
 *
 * <p>Connections from {@link #newConnection()} and from any {@link #connectionFactory()} it hands
 * out are closed after the test that opened them (or, when opened outside a test, e.g. in
 * {@code @BeforeAll}, when the broker stops).
 *
 * <p>Thread-safety: the getters and the waits may be called from any thread but the broker's own;
 * {@link #reset()} from one thread at a time, while no test runs against the broker.
 */
public final class WarrenBroker implements AutoCloseable {
    /** The host the broker binds and clients connect to. */
    public static final String HOST = "127.0.0.1";
    private static final long POLL_MILLIS = 5;

    /** Replaced by {@link #restart()}; read by the test thread and the tracking factory. */
    private volatile Broker broker;
    private BrokerBaseline baseline;
    /** The definitions documents imported at start, imported again after a reset that follows a restart. */
    private final List<byte[]> documents;
    /** Whether the broker was restarted since the baseline was taken (its objects are not the baseline's). */
    private boolean restarted;
    private final Faults faults = new Faults(() -> broker);
    private final List<Connection> testConnections = new CopyOnWriteArrayList<>();
    private final List<Connection> otherConnections = new CopyOnWriteArrayList<>();
    private volatile boolean inTest;
    private volatile boolean memoryAlarmRaised;
    /** Null when the settings turned it off. */
    private final MessageJournal journal;

    private WarrenBroker(Broker broker, BrokerBaseline baseline, List<byte[]> documents, MessageJournal journal) {
        this.broker = broker;
        this.baseline = baseline;
        this.documents = documents;
        this.journal = journal;
    }

    /**
     * Starts a broker with these settings: in memory, on {@link #HOST} and a free port, one event
     * loop, management on a free port or off, then imports the definitions documents and the topology.
     */
    static WarrenBroker start(WarrenSettings settings, ClassLoader resources) {
        BrokerConfig config = BrokerConfig.defaults().withHost(HOST).withPort(0).withDataDir(null).withIoThreads(1)
                .withManagement(settings.management() ? ManagementOptions.ephemeral().withPrometheus(false, HOST, 0)
                        : ManagementOptions.DISABLED)
                .withDeprecatedFeatures(DeprecatedFeatures.PERMITTED.withTransientNonExclusiveQueues(
                        settings.permitTransientNonExclusiveQueues()));
        if (settings.virtualClock()) {
            config = config.withHeartbeat(0); // see VirtualTime.NO_HEARTBEAT: advancing would close idle connections
        }
        config = settings.config().apply(config);
        List<byte[]> documents = new ArrayList<>();
        for (String location : settings.definitions()) {
            documents.add(DefinitionsLocation.read(location, resources));
        }
        if (!settings.topology().isEmpty()) {
            documents.add(render(settings.topology(), config.defaultUser()));
        }
        MessageJournal journal = settings.journalCapacity() == 0 ? null
                : new MessageJournal(settings.journalCapacity(), config.defaultVhost());
        io.warrenmq.server.clock.BrokerClock clock = VirtualTime.clockFor(settings);
        Broker broker = new Broker(config, StoreOptions.defaults(), clock);
        if (journal != null) {
            broker.observeMessages(journal.observer());
        }
        broker.start();
        try {
            return new WarrenBroker(broker, BrokerBaseline.importAndCapture(broker, documents), List.copyOf(documents),
                    journal);
        } catch (RuntimeException e) {
            broker.close();
            throw new IllegalStateException("cannot import the declared topology: " + e.getMessage(), e);
        }
    }

    private static byte[] render(Topology topology, String adminUser) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            DefinitionsWriter.write(topology.toDefinitions(adminUser), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The broker's virtual clock: {@code clock().advance(Duration.ofHours(1))} expires a one-hour TTL at
     * once. Only with {@code @WarrenTest(virtualClock = true)} or {@code .virtualClock(true)}.
     *
     * @throws IllegalStateException when the broker runs on the system clock
     */
    public VirtualClock clock() {
        if (broker.clock() instanceof VirtualClock v) {
            return v;
        }
        throw new IllegalStateException("this broker runs on the system clock: use @WarrenTest(virtualClock = true) "
                + "or WarrenExtension...virtualClock(true) to advance time");
    }

    /** The broker itself: vhosts, users, alarms, definitions import and export. */
    public Broker server() {
        return broker;
    }

    public String host() {
        return HOST;
    }

    /** The AMQP port (a free one, chosen at start). */
    public int port() {
        return broker.port();
    }

    /** The default user's name ({@code guest}), whom the handed-out factories log in as. */
    public String username() {
        return broker.config().defaultUser();
    }

    public String password() {
        return broker.config().defaultPass();
    }

    /** {@code amqp://guest:guest@127.0.0.1:port/%2F}: the default user on the default vhost. */
    public URI amqpUri() {
        return amqpUri(broker.config().defaultVhost());
    }

    /** The AMQP URI of {@code vhost}, with the default user's credentials. */
    public URI amqpUri(String vhost) {
        return URI.create("amqp://" + encode(username()) + ":" + encode(password()) + "@" + HOST + ":" + port() + "/"
                + encode(vhost));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A factory for the default vhost as the default user; its connections are closed after the test. */
    public ConnectionFactory connectionFactory() {
        return connectionFactory(broker.config().defaultVhost());
    }

    /** A factory for {@code vhost} as the default user; its connections are closed after the test. */
    public ConnectionFactory connectionFactory(String vhost) {
        ConnectionFactory f = new TrackingFactory();
        f.setHost(HOST);
        f.setPort(port());
        f.setUsername(username());
        f.setPassword(password());
        f.setVirtualHost(vhost);
        VirtualTime.configure(f, broker.clock());
        return f;
    }

    /** A new connection to the default vhost as the default user, closed after the test. */
    public Connection newConnection() {
        try {
            return connectionFactory().newConnection();
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException("cannot connect to the test broker on port " + port() + ": " + e, e);
        }
    }

    /** Whether the management HTTP API is on ({@code @WarrenTest(management = true)}). */
    public boolean managementEnabled() {
        return broker.managementPort() >= 0;
    }

    /** The management API's port; the API must be on. */
    public int managementPort() {
        if (!managementEnabled()) {
            throw new IllegalStateException("the management API is off: use @WarrenTest(management = true) or "
                    + "WarrenExtension...management(true)");
        }
        return broker.managementPort();
    }

    /** {@code http://127.0.0.1:port/api/}; the API must be on. Its user is the default user. */
    public URI managementUri() {
        return URI.create("http://" + HOST + ":" + managementPort() + broker.config().management().pathPrefix() + "/api/");
    }

    /**
     * Returns the broker to the declared topology: every queue, exchange, binding, vhost and user a
     * test added goes, declared queues are emptied, declared objects a test deleted come back,
     * permissions, policies, vhost limits and metadata are as declared, and the memory alarm is
     * cleared. Connections are left open (except those to a deleted vhost, closed with 320); call it
     * while no client of the test is still working. Details: docs/testkit.md, "Reset".
     */
    public void reset() {
        clearMemoryAlarm();
        faults.reset();
        if (restarted) {
            restartFresh();
        } else {
            baseline.restore();
        }
        if (journal != null) {
            journal.clear();
        }
    }

    /** The faults a test can inject: closed, severed and reset connections, refused, lost and late publishes, the disk alarm. */
    public Faults faults() {
        return faults;
    }

    /**
     * Stops the broker and starts it again on the same ports and data directory, as a node restart
     * would: durable vhosts, exchanges, queues, bindings, users, policies and the persistent messages
     * of durable queues are there again; transient ones are gone. Clients see their connections
     * end (with automatic recovery, the RabbitMQ Java client reconnects by itself). Needs a data
     * directory ({@code configure(c -> c.withDataDir(dir))}, e.g. a JUnit {@code @TempDir}; on Linux
     * {@code /dev/shm} keeps it in memory); an in-memory broker has nothing to keep, so it refuses.
     * After a restart, the next {@link #reset()} wipes the data directory and starts afresh.
     */
    public void restart() {
        Broker old = broker;
        BrokerConfig config = old.config();
        if (config.dataDir() == null) {
            throw new IllegalStateException("restart() keeps the durable state in the broker's data directory, and "
                    + "this broker runs in memory: configure(c -> c.withDataDir(dir)) with a directory of the test's");
        }
        BrokerConfig same = samePorts(old, config);
        old.close();
        broker = startObserved(same);
        restarted = true;
    }

    /** A broker on {@code config} with the journal (if on) observing it from the start. */
    private Broker startObserved(BrokerConfig config) {
        Broker b = new Broker(config, StoreOptions.defaults(), broker.clock()); // the same clock, virtual or not
        if (journal != null) {
            b.observeMessages(journal.observer());
        }
        return b.start();
    }

    private static BrokerConfig samePorts(Broker b, BrokerConfig config) {
        BrokerConfig same = config.withPort(b.port());
        ManagementOptions m = config.management();
        if (m.enabled()) {
            m = m.withListener(m.host(), b.managementPort());
            if (m.prometheusEnabled()) {
                m = m.withPrometheus(true, m.prometheusHost(), b.prometheusPort());
            }
            same = same.withManagement(m);
        }
        return same;
    }

    /** After a restart: a new broker on a wiped data directory, with the declared topology imported. */
    private void restartFresh() {
        Broker old = broker;
        BrokerConfig same = samePorts(old, old.config());
        old.close();
        wipe(same.dataDir());
        Broker fresh = startObserved(same);
        broker = fresh;
        baseline = BrokerBaseline.importAndCapture(fresh, documents);
        restarted = false;
    }

    private static void wipe(java.nio.file.Path dir) {
        try (java.util.stream.Stream<java.nio.file.Path> all = java.nio.file.Files.walk(dir)) {
            for (java.nio.file.Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    java.nio.file.Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot wipe the data directory " + dir, e);
        }
    }

    /**
     * What was published to each exchange, received by each queue and delivered from it since the
     * start or the last reset (docs/testkit.md, "The journal").
     *
     * @throws IllegalStateException when the journal is off ({@code @WarrenTest(journal = false)})
     */
    public MessageJournal journal() {
        if (journal == null) {
            throw new IllegalStateException("the journal is off: @WarrenTest(journal = true) or "
                    + "WarrenExtension...journal(true) turns it on");
        }
        return journal;
    }

    /** Ready messages in a queue of the default vhost; -1 if there is no such queue. */
    public int queueDepth(String queue) {
        return queueDepth(broker.config().defaultVhost(), queue);
    }

    /** Ready messages (not counting delivered, unacknowledged ones) in a queue; -1 if there is no such queue. */
    public int queueDepth(String vhost, String queue) {
        Queue q = queue(vhost, queue);
        return q == null ? -1 : q.readyCount();
    }

    /** Consumers on a queue of the default vhost; -1 if there is no such queue. */
    public int consumerCount(String queue) {
        return consumerCount(broker.config().defaultVhost(), queue);
    }

    public int consumerCount(String vhost, String queue) {
        Queue q = queue(vhost, queue);
        return q == null ? -1 : q.consumerCount();
    }

    private Queue queue(String vhost, String queue) {
        VirtualHost v = broker.vhosts().get(vhost);
        return v == null ? null : v.queue(queue);
    }

    /**
     * Takes {@code count} messages from a queue of the default vhost, waiting up to {@code timeout}
     * for them; see {@link #awaitMessages(String, String, int, Duration)}.
     */
    public List<ReceivedMessage> awaitMessages(String queue, int count, Duration timeout) {
        return awaitMessages(broker.config().defaultVhost(), queue, count, timeout);
    }

    /**
     * Takes {@code count} messages from a queue, waiting up to {@code timeout} for them to arrive.
     * The messages are consumed: it polls with {@code basic.get} and automatic acknowledgement over
     * a connection of its own as the default user (who needs read permission on the queue), so they
     * leave the queue. Messages beyond {@code count} stay. A queue that does not exist yet is waited
     * for like an empty one.
     *
     * @throws AssertionError after {@code timeout}, saying how many arrived (and which), and the
     *     queue's depth and consumer count then
     */
    public List<ReceivedMessage> awaitMessages(String vhost, String queue, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ReceivedMessage> got = new ArrayList<>();
        ConnectionFactory f = new ConnectionFactory();
        f.setHost(HOST);
        f.setPort(port());
        f.setUsername(username());
        f.setPassword(password());
        f.setVirtualHost(vhost);
        VirtualTime.configure(f, broker.clock());
        try (Connection c = f.newConnection("warren-testkit awaitMessages")) {
            Channel ch = c.createChannel();
            while (got.size() < count) {
                GetResponse r = null;
                if (queue(vhost, queue) != null) {
                    if (!ch.isOpen()) {
                        ch = c.createChannel(); // a get raced with the queue's deletion (404 closed it)
                    }
                    try {
                        r = ch.basicGet(queue, true);
                    } catch (IOException | com.rabbitmq.client.AlreadyClosedException e) {
                        r = null;
                    }
                }
                if (r != null) {
                    got.add(ReceivedMessage.of(r));
                } else if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError(describeShortfall(vhost, queue, count, timeout, got));
                } else {
                    pause();
                }
            }
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException("awaitMessages cannot connect to vhost '" + vhost + "' as '" + username()
                    + "': " + e, e);
        }
        return got;
    }

    private String describeShortfall(String vhost, String queue, int count, Duration timeout,
            List<ReceivedMessage> got) {
        StringBuilder s = new StringBuilder("expected ").append(count).append(count == 1 ? " message" : " messages")
                .append(" from queue '").append(queue).append("' in vhost '").append(vhost).append("' within ")
                .append(timeout.toMillis()).append(" ms, but ").append(got.size()).append(" arrived");
        if (!got.isEmpty()) {
            s.append(": ").append(got);
        }
        Queue q = queue(vhost, queue);
        if (q == null) {
            s.append("; there is no queue '").append(queue).append("' in vhost '").append(vhost).append("'");
        } else {
            s.append("; the queue now has ").append(q.readyCount()).append(" ready messages and ")
                    .append(q.consumerCount()).append(q.consumerCount() == 1 ? " consumer" : " consumers");
            if (q.consumerCount() > 0) {
                s.append(" (a consumer takes messages before awaitMessages sees them)");
            }
        }
        if (journal != null) {
            s.append(journal.describeQueue(vhost, queue));
        }
        return s.toString();
    }

    /** Waits until a queue of the default vhost has exactly {@code depth} ready messages. */
    public void awaitQueueDepth(String queue, int depth, Duration timeout) {
        awaitQueueDepth(broker.config().defaultVhost(), queue, depth, timeout);
    }

    /** Waits until a queue has exactly {@code depth} ready messages; AssertionError with the last depth seen. */
    public void awaitQueueDepth(String vhost, String queue, int depth, Duration timeout) {
        awaitCount(vhost, queue, timeout, "ready messages", d -> d == depth, depth, this::queueDepth);
    }

    /** Waits until a queue of the default vhost has exactly {@code consumers} consumers. */
    public void awaitConsumers(String queue, int consumers, Duration timeout) {
        awaitConsumers(broker.config().defaultVhost(), queue, consumers, timeout);
    }

    /** Waits until a queue has exactly {@code consumers} consumers; AssertionError with the last count seen. */
    public void awaitConsumers(String vhost, String queue, int consumers, Duration timeout) {
        awaitCount(vhost, queue, timeout, "consumers", n -> n == consumers, consumers, this::consumerCount);
    }

    private interface Count {
        int of(String vhost, String queue);
    }

    private void awaitCount(String vhost, String queue, Duration timeout, String what, IntPredicate done,
            int expected, Count count) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int last;
        while (!done.test(last = count.of(vhost, queue))) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("expected queue '" + queue + "' in vhost '" + vhost + "' to have " + expected
                        + " " + what + " within " + timeout.toMillis() + " ms, but "
                        + (last < 0 ? "there is no such queue" : "it has " + last));
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }

    /**
     * Raises the memory alarm (as a watermark of 0 bytes would): every connection that publishes
     * gets {@code connection.blocked} and is no longer read; consumers keep working. Returns once
     * the alarm is on.
     */
    public void raiseMemoryAlarm() {
        memoryAlarmRaised = true;
        broker.alarms().setMemoryHighWatermarkAbsolute(0);
    }

    /** Clears the memory alarm (back to the configured watermark): blocked connections get {@code connection.unblocked}. */
    public void clearMemoryAlarm() {
        if (memoryAlarmRaised) {
            memoryAlarmRaised = false;
            broker.alarms().setMemoryHighWatermark(broker.config().memoryHighWatermark());
        }
    }

    public boolean memoryAlarm() {
        return broker.alarms().memoryAlarm();
    }

    /** The extension: the test from here to {@link #endTest()} owns the connections opened meanwhile. */
    void beginTest() {
        inTest = true;
    }

    /** The extension, after each test: closes the connections the test opened through this handle. */
    void endTest() {
        inTest = false;
        closeAll(testConnections);
    }

    /** Stops the broker, closing the connections this handle gave out first. */
    @Override
    public void close() {
        inTest = false;
        closeAll(testConnections);
        closeAll(otherConnections);
        broker.close();
    }

    private static void closeAll(List<Connection> connections) {
        for (Connection c : connections) {
            try {
                if (c.isOpen()) {
                    c.close(2000);
                }
            } catch (IOException | RuntimeException e) {
                c.abort(); // already closing or closed by the broker: nothing more to do than drop it
            }
        }
        connections.clear();
    }

    /** Every connection the factory opens is remembered, to close it after the test (or at broker stop). */
    private final class TrackingFactory extends ConnectionFactory {
        @Override
        public Connection newConnection(ExecutorService executor, AddressResolver addressResolver,
                String clientProvidedName) throws IOException, TimeoutException {
            Connection c = super.newConnection(executor, addressResolver, clientProvidedName);
            (inTest ? testConnections : otherConnections).add(c);
            return c;
        }
    }

    @Override
    public String toString() {
        return "Warren test broker on " + HOST + ":" + port();
    }
}
