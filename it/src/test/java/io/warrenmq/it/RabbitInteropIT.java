package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.warrenmq.server.Broker;
import io.warrenmq.server.BrokerConfig;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Warren's output read by a real RabbitMQ (Debian's package, a private node started here): a
 * definitions export from Warren imports into RabbitMQ 3.10 with {@code rabbitmqctl
 * import_definitions}, and its users, password hashes, limits, queues and bindings are all there.
 */
class RabbitInteropIT {
    @TempDir
    static Path dir;
    private static RabbitNode rabbit;

    @BeforeAll
    static void startRabbit() throws Exception {
        rabbit = RabbitNode.start(dir.resolve("rabbit"));
    }

    @AfterAll
    static void stopRabbit() {
        if (rabbit != null) {
            rabbit.close();
        }
    }

    @Test
    void aWarrenExportImportsIntoRabbitMq() throws Exception {
        Path export = dir.resolve("warren-export.json");
        try (Broker warren = new Broker(BrokerConfig.defaults().withHost("127.0.0.1").withPort(0)
                .withDataDir(dir.resolve("warren"))).start()) {
            try (InputStream in = RabbitInteropIT.class.getResourceAsStream("/definitions/rabbitmq-3.10.8.json")) {
                warren.importDefinitions(in);
            }
            warren.users().putUser(io.warrenmq.auth.User.withPassword("made-by-warren", "w-secret", java.util.List.of()));
            warren.users().setPermissions("made-by-warren", "orders", io.warrenmq.auth.Permissions.of("^w\\.", ".*", ".*"));
            try (OutputStream out = Files.newOutputStream(export)) {
                warren.exportDefinitions(out);
            }
        }
        rabbit.ctl("import_definitions", export.toString());

        String queues = rabbit.ctl("list_queues", "-p", "orders", "name", "durable", "arguments");
        assertTrue(queues.contains("orders.jobs\ttrue\t[{\"x-dead-letter-exchange\",\"orders.dlx\"},{\"x-max-length\",1000},"
                + "{\"x-message-ttl\",60000},{\"x-overflow\",\"reject-publish\"}]"), queues);
        assertTrue(queues.contains("orders.transient\tfalse"), queues);
        String bindings = rabbit.ctl("list_bindings", "-p", "orders", "source_name", "destination_name", "routing_key");
        assertTrue(bindings.contains("orders.events\torders.main\tjob.*"), bindings);
        assertTrue(bindings.contains("orders.events\torders.jobs\teu.#"), bindings);
        assertEquals("{\"max-connections\":10,\"max-queues\":50}",
                lastLine(rabbit.ctl("list_vhost_limits", "-p", "orders")));
        assertTrue(rabbit.ctl("list_permissions", "-p", "orders").contains("made-by-warren\t^w\\.\t.*\t.*"));
        // a hash Warren made and one RabbitMQ made, both accepted by RabbitMQ
        rabbit.ctl("authenticate_user", "made-by-warren", "w-secret");
        rabbit.ctl("authenticate_user", "alice", "alice-secret");
        ConnectionFactory f = EmbeddedBroker.clientFactory(rabbit.port());
        f.setUsername("made-by-warren");
        f.setPassword("w-secret");
        f.setVirtualHost("orders");
        try (Connection c = f.newConnection()) {
            c.createChannel().queueDeclarePassive("orders.jobs");
        }
    }

    private static String lastLine(String out) {
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1].strip();
    }
}
