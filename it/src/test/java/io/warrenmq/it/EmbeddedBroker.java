package io.warrenmq.it;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.warrenmq.server.Broker;
import io.warrenmq.server.BrokerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Warren broker per test class, bound to an ephemeral port on 127.0.0.1 with a fresh temporary
 * data directory, plus factories for RabbitMQ Java client connections and raw sockets to it.
 *
 * <p>Register it as a static field so that it spans the class:
 * <pre>{@code
 * @RegisterExtension
 * static final EmbeddedBroker broker = new EmbeddedBroker(config -> config.withMaxMessageSize(1 << 20));
 * }</pre>
 * Every connection and raw client it hands out is closed after each test, so tests never leak
 * connections (and their exclusive queues) into each other.
 *
 * <p>Thread-safety: JUnit calls the callbacks from one thread; the factory methods may be called from
 * any thread (tests that publish concurrently open connections from worker threads).
 */
public final class EmbeddedBroker implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    private static final AtomicLong NAME_SEQUENCE = new AtomicLong();

    private final UnaryOperator<BrokerConfig> customizer;
    private final Queue<AutoCloseable> openedByTest = new ConcurrentLinkedQueue<>();
    private Path dataDir;
    private Broker broker;

    public EmbeddedBroker() {
        this(UnaryOperator.identity());
    }

    /** {@code customizer} adjusts the test defaults (loopback host, port 0, temp data dir). */
    public EmbeddedBroker(UnaryOperator<BrokerConfig> customizer) {
        this.customizer = customizer;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("warren-it-" + context.getRequiredTestClass().getSimpleName() + "-");
        BrokerConfig config = customizer.apply(
                BrokerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dataDir));
        broker = new Broker(config).start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeEverythingOpenedByTests();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        closeEverythingOpenedByTests();
        try {
            if (broker != null) {
                broker.close();
            }
        } finally {
            broker = null;
            deleteRecursively(dataDir);
        }
    }

    /**
     * Stops the broker and starts a new one on the same data directory (on a new ephemeral port), as
     * a node restart would; connections opened so far are closed first.
     */
    public void restart() {
        restart(dir -> { });
    }

    /** Like {@link #restart()}, running {@code whileStopped} on the data directory in between. */
    public void restart(java.util.function.Consumer<Path> whileStopped) {
        BrokerConfig config = broker.config();
        closeEverythingOpenedByTests();
        broker.close();
        broker = null;
        whileStopped.accept(config.dataDir());
        broker = new Broker(config).start();
    }

    /** The running broker (for its recovery report). */
    public Broker broker() {
        return broker;
    }

    public int port() {
        return broker.port();
    }

    public BrokerConfig config() {
        return broker.config();
    }

    /**
     * A factory for guest/guest on vhost "/" with automatic recovery off (a recovering client would
     * hide the very connection errors these tests look for) and a bounded RPC timeout.
     */
    public ConnectionFactory connectionFactory() {
        return clientFactory(port());
    }

    /** The test clients' factory for a broker on {@code port} of this host (embedded or a child process). */
    public static ConnectionFactory clientFactory(int port) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(port);
        factory.setUsername("guest");
        factory.setPassword("guest");
        factory.setVirtualHost("/");
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        factory.setConnectionTimeout(10_000);
        factory.setHandshakeTimeout(10_000);
        factory.setShutdownTimeout(5_000);
        factory.setChannelRpcTimeout(30_000);
        return factory;
    }

    public Connection newConnection() throws IOException, TimeoutException {
        return newConnection(connectionFactory());
    }

    /** Opens a connection from {@code factory} and closes it after the current test. */
    public Connection newConnection(ConnectionFactory factory) throws IOException, TimeoutException {
        Connection connection = factory.newConnection();
        openedByTest.add(() -> connection.abort(5_000));
        return connection;
    }

    /** A channel on a connection of its own. */
    public Channel newChannel() throws IOException, TimeoutException {
        return newConnection().createChannel();
    }

    /** A raw TCP peer that speaks frames by hand, for what the Java client refuses to send. */
    public RawAmqpClient newRawClient() throws IOException {
        RawAmqpClient client = RawAmqpClient.connect("127.0.0.1", port());
        openedByTest.add(client);
        return client;
    }

    /** A queue or exchange name no other test uses. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + NAME_SEQUENCE.incrementAndGet();
    }

    private void closeEverythingOpenedByTests() {
        AutoCloseable resource;
        while ((resource = openedByTest.poll()) != null) {
            try {
                resource.close();
            } catch (Exception ignored) {
                // why: cleanup of a connection the test already broke on purpose
            }
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
