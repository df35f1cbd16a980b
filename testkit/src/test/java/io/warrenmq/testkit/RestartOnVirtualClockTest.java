package io.warrenmq.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A restarted broker keeps the virtual clock: timers armed after the restart move with advance(). */
class RestartOnVirtualClockTest {
    static final Path DATA = temp();

    @RegisterExtension
    static WarrenExtension warren = WarrenExtension.withTopology(Topology.empty()).virtualClock(true)
            .configure(c -> c.withDataDir(DATA));

    private static Path temp() {
        try {
            Path dir = Files.createTempDirectory("warren-restart-clock-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
                    all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    // best effort at JVM exit
                }
            }));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aDurableQueuesExpiryRunsOnTheSameClockAfterARestart(WarrenBroker broker) throws Exception {
        try (Connection c = broker.newConnection()) {
            Channel ch = c.createChannel();
            ch.queueDeclare("idle", true, false, false, Map.of("x-expires", 60_000));
        }
        broker.restart();
        assertEquals(0, broker.queueDepth("idle"), "the durable queue came back");
        broker.clock().advance(Duration.ofSeconds(59));
        assertEquals(0, broker.queueDepth("idle"), "not yet unused for a minute");
        broker.clock().advance(Duration.ofSeconds(2));
        assertEquals(-1, broker.queueDepth("idle"), "x-expires deleted it in virtual time");
    }
}
