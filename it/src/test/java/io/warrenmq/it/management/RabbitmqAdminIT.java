package io.warrenmq.it.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import io.warrenmq.auth.Permissions;
import io.warrenmq.auth.User;
import io.warrenmq.it.Await;
import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.management.ManagementOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's {@code rabbitmqadmin} (v1, 3.10.8) against Warren, unchanged: list, show overview,
 * declare and delete of every object type it knows, publish, get, purge, close connection, export
 * and import; as a non-guest administrator and as a monitoring user (which may look, not change).
 */
class RabbitmqAdminIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagement(ManagementOptions.ephemeral()));

    @TempDir
    static Path dir;

    static RabbitmqAdmin ops;
    static RabbitmqAdmin watcher;

    @BeforeAll
    static void users() {
        broker.broker().users().putUser(User.withPassword("ops", "ops-secret", List.of("administrator")));
        broker.broker().users().setPermissions("ops", "/", Permissions.of(".*", ".*", ".*"));
        broker.broker().users().putUser(User.withPassword("watcher", "watch-secret", List.of("monitoring")));
        ops = new RabbitmqAdmin(broker.broker().managementPort(), "ops", "ops-secret");
        watcher = ops.as("watcher", "watch-secret");
    }

    private static JsonNode json(String out) {
        return ManagementHttp.parse(out);
    }

    private static JsonNode named(JsonNode list, String name) {
        return StreamSupport.stream(list.spliterator(), false).filter(n -> name.equals(n.path("name").asText()))
                .findFirst().orElse(null);
    }

    @Test
    void anAdministratorManagesEveryObjectType() throws Exception {
        ops.ok("declare", "vhost", "name=shop");
        ops.ok("declare", "permission", "vhost=shop", "user=ops", "configure=.*", "write=.*", "read=.*");
        ops.ok("--vhost=shop", "declare", "exchange", "name=orders", "type=topic");
        ops.ok("--vhost=shop", "declare", "queue", "name=orders.eu", "durable=true",
                "arguments={\"x-max-length\": 10}");
        ops.ok("--vhost=shop", "declare", "binding", "source=orders", "destination=orders.eu", "routing_key=eu.#");

        JsonNode queue = named(json(ops.ok("--vhost=shop", "-f", "raw_json", "list", "queues")), "orders.eu");
        assertNotNull(queue, "the queue is listed");
        assertTrue(queue.get("durable").asBoolean());
        assertTrue(queue.get("arguments").get("x-max-length").isIntegralNumber(), queue::toString);
        assertEquals("topic", named(json(ops.ok("--vhost=shop", "-f", "raw_json", "list", "exchanges")), "orders")
                .get("type").asText());
        JsonNode binding = StreamSupport.stream(json(ops.ok("--vhost=shop", "-f", "raw_json", "list", "bindings"))
                .spliterator(), false).filter(b -> b.get("source").asText().equals("orders")).findFirst().orElseThrow();
        assertEquals("eu.#", binding.get("routing_key").asText());

        // publish, get, purge
        ops.ok("--vhost=shop", "publish", "exchange=orders", "routing_key=eu.de", "payload=first");
        JsonNode got = json(ops.ok("--vhost=shop", "-f", "raw_json", "get", "queue=orders.eu",
                "ackmode=ack_requeue_false"));
        assertEquals("first", got.get(0).get("payload").asText());
        assertEquals("eu.de", got.get(0).get("routing_key").asText());
        ops.ok("--vhost=shop", "publish", "exchange=orders", "routing_key=eu.fr", "payload=second");
        ops.ok("--vhost=shop", "publish", "exchange=orders", "routing_key=eu.it", "payload=third");
        Await.until("two messages queued", () -> named(json(ops.ok("--vhost=shop", "-f", "raw_json", "list",
                "queues")), "orders.eu").get("messages").asLong() == 2);
        ops.ok("--vhost=shop", "purge", "queue", "name=orders.eu");
        assertEquals(0, json(ops.ok("--vhost=shop", "-f", "raw_json", "get", "queue=orders.eu")).size());

        // users, policies, operator policies, limits
        ops.ok("declare", "user", "name=app", "password=app-secret", "tags=management");
        JsonNode app = named(json(ops.ok("-f", "raw_json", "list", "users")), "app");
        assertEquals("management", app.get("tags").get(0).asText(), app::toString);
        ops.ok("--vhost=shop", "declare", "policy", "name=ttl", "pattern=^orders\\.",
                "definition={\"message-ttl\": 60000}", "priority=1", "apply-to=queues");
        JsonNode policy = named(json(ops.ok("--vhost=shop", "-f", "raw_json", "list", "policies")), "ttl");
        assertEquals(60000, policy.get("definition").get("message-ttl").asInt());
        ops.ok("--vhost=shop", "declare", "operator_policy", "name=cap", "pattern=.*",
                "definition={\"max-length\": 1000}", "apply-to=queues");
        assertNotNull(named(json(ops.ok("--vhost=shop", "-f", "raw_json", "list", "operator_policies")), "cap"));
        ops.ok("declare", "vhost_limit", "vhost=shop", "name=max-queues", "value=100");
        JsonNode limits = json(ops.ok("-f", "raw_json", "list", "vhost_limits"));
        assertTrue(limits.toString().contains("\"max-queues\":100"), limits::toString);
        RabbitmqAdmin.Result shovel = ops.run("--vhost=shop", "declare", "parameter", "component=shovel", "name=s",
                "value={\"src-uri\": \"amqp://\"}");
        assertFalse(shovel.ok(), "no shovel plugin: refused with a reason");
        assertFalse(shovel.err().isBlank() && shovel.out().isBlank(), shovel::toString);

        // overview and nodes
        JsonNode overview = json(ops.ok("-f", "raw_json", "show", "overview"));
        String overviewText = overview.toString();
        assertTrue(overviewText.contains("rabbitmq_version"), overviewText);
        assertFalse(json(ops.ok("-f", "raw_json", "list", "nodes")).isEmpty());

        // export, delete, import
        Path export = dir.resolve("definitions.json");
        ops.ok("export", export.toString());
        assertTrue(Files.readString(export).contains("orders.eu"));
        ops.ok("--vhost=shop", "delete", "binding", "source=orders", "destination_type=queue",
                "destination=orders.eu", "properties_key=" + binding.get("properties_key").asText());
        assertTrue(json(ops.ok("--vhost=shop", "-f", "raw_json", "list", "bindings")).toString()
                .indexOf("\"source\":\"orders\"") < 0, "binding deleted");
        ops.ok("--vhost=shop", "delete", "queue", "name=orders.eu");
        ops.ok("--vhost=shop", "delete", "exchange", "name=orders");
        assertEquals(null, named(json(ops.ok("--vhost=shop", "-f", "raw_json", "list", "queues")), "orders.eu"));
        ops.ok("import", export.toString());
        assertNotNull(named(json(ops.ok("--vhost=shop", "-f", "raw_json", "list", "queues")), "orders.eu"),
                "the import restored the queue");

        ops.ok("--vhost=shop", "delete", "policy", "name=ttl");
        ops.ok("--vhost=shop", "delete", "operator_policy", "name=cap");
        ops.ok("delete", "vhost_limit", "vhost=shop", "name=max-queues");
        ops.ok("delete", "permission", "vhost=shop", "user=ops");
        ops.ok("delete", "user", "name=app");
        ops.ok("delete", "vhost", "name=shop");
        assertEquals(null, named(json(ops.ok("-f", "raw_json", "list", "vhosts")), "shop"));
    }

    @Test
    void anAdministratorClosesAConnection() throws Exception {
        ConnectionFactory f = EmbeddedBroker.clientFactory(broker.port());
        f.setUsername("ops");
        f.setPassword("ops-secret");
        Connection c = f.newConnection("admin-test");
        try {
            CompletableFuture<ShutdownSignalException> closed = new CompletableFuture<>();
            c.addShutdownListener(closed::complete);
            String[] name = new String[1];
            Await.until("the connection is listed", () -> {
                name[0] = StreamSupport.stream(json(ops.ok("-f", "raw_json", "list", "connections")).spliterator(), false)
                        .filter(n -> n.path("user").asText().equals("ops")).map(n -> n.get("name").asText())
                        .findFirst().orElse(null);
                return name[0] != null;
            });
            ops.ok("close", "connection", "name=" + name[0]);
            ShutdownSignalException why = closed.get(10, TimeUnit.SECONDS);
            assertTrue(why.getMessage().contains("320") && why.getMessage().contains("CONNECTION_FORCED"),
                    why::getMessage);
            assertFalse(why.isInitiatedByApplication(), "the broker closed it");
        } finally {
            c.abort(); // already closed by the broker: close() would throw
        }
    }

    @Test
    void aMonitoringUserLooksButCannotChange() {
        // "show" prints a one-element list
        assertTrue(json(watcher.ok("-f", "raw_json", "show", "overview")).get(0).has("rabbitmq_version"));
        watcher.ok("-f", "raw_json", "list", "queues");
        watcher.ok("-f", "raw_json", "list", "nodes");
        watcher.ok("-f", "raw_json", "list", "connections");
        RabbitmqAdmin.Result declare = watcher.run("declare", "queue", "name=watcher-q");
        assertFalse(declare.ok());
        assertTrue(declare.err().contains("Access refused") || declare.out().contains("Access refused"),
                declare::toString);
        RabbitmqAdmin.Result users = watcher.run("list", "users");
        assertFalse(users.ok());
        assertTrue(users.err().contains("Access refused") || users.out().contains("Access refused"), users::toString);
        assertFalse(watcher.run("export", dir.resolve("watcher.json").toString()).ok(), "export is admin-only");
    }
}
