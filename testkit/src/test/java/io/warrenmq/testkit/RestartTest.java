package io.warrenmq.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** broker.restart(): durable state survives, transient state does not, and reset starts afresh. */
class RestartTest {
    static final Path DATA = temp();

    @RegisterExtension
    static WarrenExtension warren = WarrenExtension.withTopology(Topology.builder().queue("declared").build())
            .configure(c -> c.withDataDir(DATA));

    private static Path temp() {
        try {
            Path shm = Path.of("/dev/shm"); // RAM-backed where it exists: the "disk" costs no disk
            Path dir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "warren-restart-")
                    : Files.createTempDirectory("warren-restart-");
            // after the extension stopped the broker (its afterAll runs after this class's @AfterAll)
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at JVM exit
        }
    }

    @Test
    void durableQueuesAndPersistentMessagesSurviveARestart(WarrenBroker broker) throws Exception {
        int port = broker.port();
        try (Connection c = broker.newConnection()) {
            Channel ch = c.createChannel();
            ch.queueDeclare("orders", true, false, false, null);
            ch.queueDeclare("scratch", false, false, false, null);
            ch.confirmSelect();
            ch.basicPublish("", "orders", MessageProperties.PERSISTENT_TEXT_PLAIN, "kept".getBytes());
            ch.basicPublish("", "orders", MessageProperties.TEXT_PLAIN, "transient".getBytes());
            ch.waitForConfirmsOrDie(5000);
        }
        broker.restart();
        assertEquals(port, broker.port(), "the same port, so clients reconnect where they were");
        assertEquals(1, broker.queueDepth("orders"));
        assertEquals(-1, broker.queueDepth("scratch"), "a transient queue does not survive");
        assertEquals("kept", broker.awaitMessages("orders", 1, Duration.ofSeconds(5)).get(0).text());

        broker.reset(); // after a restart: a wiped data directory and the declared topology only
        assertEquals(-1, broker.queueDepth("orders"));
        assertEquals(0, broker.queueDepth("declared"));
        try (Connection c = broker.newConnection()) {
            assertTrue(c.isOpen());
        }
    }

    @Test
    void anInMemoryBrokerRefusesToRestart() {
        try (WarrenBroker inMemory = WarrenBrokers.start(java.util.List.of(), Topology.empty(), false,
                RestartTest.class.getClassLoader())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, inMemory::restart);
            assertTrue(e.getMessage().contains("withDataDir"), e.getMessage());
        }
    }
}
