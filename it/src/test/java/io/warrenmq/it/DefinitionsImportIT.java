package io.warrenmq.it;

import static io.warrenmq.it.AmqpAssertions.expectChannelError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.warrenmq.auth.UserLimits;
import io.warrenmq.definitions.DefinitionsException;
import io.warrenmq.server.Broker;
import io.warrenmq.server.BrokerConfig;
import io.warrenmq.server.definitions.ImportReport;
import io.warrenmq.server.queue.Queue;
import io.warrenmq.server.vhost.VhostLimits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RabbitMQ's definitions import and export through the broker: a file exported by a real
 * RabbitMQ 3.10.8 (Debian's package; how it was made is in {@code definitions/README.md} beside it)
 * imports unchanged and its users log in with their RabbitMQ password hashes, its permissions,
 * limits and topology work through the Java client and survive a restart; a bad file changes
 * nothing and names its entry; an export imports into a fresh broker giving the same export;
 * {@code load_definitions} applies a file at start-up.
 */
class DefinitionsImportIT {
    private static final String FIXTURE = "/definitions/rabbitmq-3.10.8.json";

    @TempDir
    Path dir;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private Broker start(BrokerConfig config) {
        Broker b = new Broker(config).start();
        opened.add(b);
        return b;
    }

    private Broker start(String dataDir) {
        return start(BrokerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dir.resolve(dataDir)));
    }

    private static InputStream fixture() {
        return DefinitionsImportIT.class.getResourceAsStream(FIXTURE);
    }

    private Connection connect(Broker b, String user, String password, String vhost) throws Exception {
        ConnectionFactory f = EmbeddedBroker.clientFactory(b.port());
        f.setUsername(user);
        f.setPassword(password);
        f.setVirtualHost(vhost);
        Connection c = f.newConnection();
        opened.add(c);
        return c;
    }

    @Test
    void aRabbitMqExportImportsUnchangedAndWorksThroughTheClient() throws Exception {
        Broker b = start("a");
        ImportReport report = b.importDefinitions(fixture());
        assertEquals(3, report.users());
        assertEquals(5, report.queues());
        assertEquals(6, report.exchanges());
        assertEquals(6, report.bindings());
        assertEquals(1, report.policies());
        assertTrue(report.ignored().isEmpty(), report.ignored().toString());
        assertEquals(60000L, b.vhosts().policies("orders").policy("ttl-policy", false).definition().get("message-ttl"));

        assertVhostsUsersAndLimits(b);
        assertTopologyWorks(b);
    }

    private void assertVhostsUsersAndLimits(Broker b) throws Exception {
        assertNotNull(b.vhosts().get("orders"));
        assertNotNull(b.vhosts().get("team/a"));
        assertEquals(new VhostLimits(10, 50), b.vhosts().limits("orders"));
        assertEquals(new UserLimits(3, 20), b.users().user("alice").orElseThrow().limits());
        assertEquals(List.of("monitoring", "custom-tag"), b.users().user("alice").orElseThrow().tags());

        // alice's password hash was made by RabbitMQ: logging in proves the hash layout
        Channel alice = connect(b, "alice", "alice-secret", "orders").createChannel();
        alice.queueDeclare("orders.mine", false, false, true, null); // configure ^orders\.
        AMQP.Channel.Close refused = expectChannelError(403,
                () -> alice.queueDeclare("elsewhere", false, false, true, null));
        assertTrue(refused.getReplyText().contains("configure access to queue 'elsewhere' in vhost 'orders'"),
                refused.getReplyText());
        // topic permission on amq.topic: write ^eu\.
        Channel alice2 = connect(b, "alice", "alice-secret", "orders").createChannel();
        alice2.basicPublish("amq.topic", "eu.orders", null, new byte[0]);
        expectChannelError(403, alice2, () -> alice2.basicPublish("amq.topic", "us.orders", null, new byte[0]));
        // bob may open team/a, alice may not
        assertTrue(connect(b, "bob", "bob-secret", "team/a").isOpen());
        IOException e = assertThrows(IOException.class, () -> connect(b, "alice", "alice-secret", "team/a"));
        assertNotNull(e.getCause());
    }

    private void assertTopologyWorks(Broker b) throws Exception {
        Channel ch = connect(b, "bob", "bob-secret", "/").createChannel();
        b.users().setPermissions("bob", "orders", io.warrenmq.auth.Permissions.FULL);
        Channel orders = connect(b, "bob", "bob-secret", "orders").createChannel();
        orders.confirmSelect();
        orders.basicPublish("orders.main", "job", null, "direct".getBytes(StandardCharsets.UTF_8));
        orders.basicPublish("orders.events", "eu.x", null, "topic".getBytes(StandardCharsets.UTF_8));
        orders.basicPublish("orders.events", "job.a", null, "e2e-then-ae".getBytes(StandardCharsets.UTF_8));
        orders.waitForConfirmsOrDie(10_000);
        assertBody(orders.basicGet("orders.jobs", true), "direct");
        assertBody(orders.basicGet("orders.jobs", true), "topic");
        assertNull(orders.basicGet("orders.jobs", true));
        // orders.jobs: x-message-ttl 60000, DLX orders.dlx, x-max-length 1000 reject-publish
        Queue jobs = b.vhosts().get("orders").queue("orders.jobs");
        assertEquals(60000L, jobs.arguments().getLong("x-message-ttl"));
        assertEquals("reject-publish", jobs.arguments().getString("x-overflow"));
        assertTrue(jobs.durable());
        assertTrue(!b.vhosts().get("orders").queue("orders.transient").durable());
        // "type": "quorum" became a quorum queue, as a client declaring x-queue-type gets one
        assertEquals(io.warrenmq.server.queue.QueueType.QUORUM,
                io.warrenmq.server.queue.QueueType.of(b.vhosts().get("orders").queue("orders.quorum").arguments()));
        AMQP.Channel.Close close = expectChannelError(406, () -> connect(b, "bob", "bob-secret", "orders")
                .createChannel().queueDeclare("orders.quorum", true, false, false, null));
        assertTrue(close.getReplyText().contains("x-queue-type"), close.getReplyText());
        // a client declaring the imported queue the way RabbitMQ's client would is equivalent
        orders.queueDeclare("orders.jobs", true, false, false, Map.of("x-message-ttl", 60000L,
                "x-dead-letter-exchange", "orders.dlx", "x-max-length", 1000L, "x-overflow", "reject-publish"));
        // the headers binding with x-match any
        AMQP.BasicProperties high = new AMQP.BasicProperties.Builder().headers(Map.of("priority", "high")).build();
        orders.basicPublish("orders.autodel", "", high, "high".getBytes(StandardCharsets.UTF_8));
        orders.waitForConfirmsOrDie(10_000);
        assertBody(orders.basicGet("orders.prio", true), "high");
        ch.close();
    }

    private static void assertBody(GetResponse r, String expected) {
        assertNotNull(r, "expected a message '" + expected + "'");
        assertEquals(expected, new String(r.getBody(), StandardCharsets.UTF_8));
    }

    @Test
    void importedDefinitionsSurviveARestart() throws Exception {
        BrokerConfig config = BrokerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dir.resolve("r"));
        Broker first = new Broker(config).start();
        try {
            first.importDefinitions(fixture());
        } finally {
            first.close();
        }
        Broker b = start(config);
        assertVhostsUsersAndLimits(b);
        Queue jobs = b.vhosts().get("orders").queue("orders.jobs");
        assertNotNull(jobs);
        assertNull(b.vhosts().get("orders").queue("orders.transient"), "a transient queue does not survive");
        assertNotNull(b.vhosts().get("orders").exchange("orders.main"));
    }

    @Test
    void aBadEntryChangesNothingAndIsNamed() {
        Broker b = start("bad");
        int usersBefore = b.users().users().size();
        String json = """
                {"users": [{"name": "carol", "password_hash": "", "tags": []}],
                 "vhosts": [{"name": "new-vhost"}],
                 "permissions": [{"user": "carol", "vhost": "new-vhost", "configure": ".*", "write": ".*",
                                  "read": ".*"}],
                 "queues": [{"name": "q1", "vhost": "new-vhost", "durable": true, "auto_delete": false,
                             "arguments": {}},
                            {"name": "q2", "vhost": "new-vhost", "durable": true, "auto_delete": false,
                             "arguments": {"x-message-ttl": -5}}]}
                """;
        DefinitionsException e = assertThrows(DefinitionsException.class, () -> b.importDefinitions(stream(json)));
        assertTrue(e.getMessage().startsWith("queues[1] (vhost 'new-vhost', name 'q2'): "), e.getMessage());
        assertNull(b.vhosts().get("new-vhost"));
        assertTrue(b.users().user("carol").isEmpty());
        assertEquals(usersBefore, b.users().users().size());

        String badRegex = """
                {"users": [{"name": "dave", "password_hash": "", "tags": []}],
                 "permissions": [{"user": "dave", "vhost": "/", "configure": "(", "write": ".*", "read": ".*"}]}
                """;
        e = assertThrows(DefinitionsException.class, () -> b.importDefinitions(stream(badRegex)));
        assertTrue(e.getMessage().startsWith("permissions[0] (user 'dave', vhost '/'): "), e.getMessage());
        assertTrue(b.users().user("dave").isEmpty());

        String missingQueue = """
                {"vhosts": [{"name": "v2"}],
                 "bindings": [{"source": "amq.direct", "vhost": "v2", "destination": "nowhere",
                               "destination_type": "queue", "routing_key": "k", "arguments": {}}]}
                """;
        e = assertThrows(DefinitionsException.class, () -> b.importDefinitions(stream(missingQueue)));
        assertTrue(e.getMessage().contains("no queue 'nowhere'"), e.getMessage());
        assertNull(b.vhosts().get("v2"));
    }

    @Test
    void anExistingInequivalentQueueRefusesTheImport() throws Exception {
        Broker b = start("ineq");
        Channel ch = connect(b, "guest", "guest", "/").createChannel();
        ch.queueDeclare("jobs", true, false, false, Map.of("x-message-ttl", 1000L));
        String json = """
                {"vhosts": [{"name": "fresh"}],
                 "queues": [{"name": "jobs", "vhost": "/", "durable": true, "auto_delete": false,
                             "arguments": {"x-message-ttl": 2000}}]}
                """;
        DefinitionsException e = assertThrows(DefinitionsException.class, () -> b.importDefinitions(stream(json)));
        assertTrue(e.getMessage().contains("inequivalent arg 'x-message-ttl'"), e.getMessage());
        assertNull(b.vhosts().get("fresh"));
    }

    @Test
    void anExportImportsIntoAFreshBrokerGivingTheSameExport() throws Exception {
        Broker source = start("src");
        source.importDefinitions(fixture());
        byte[] exported = export(source);
        Broker target = start("dst");
        target.importDefinitions(new ByteArrayInputStream(exported));
        assertEquals(new String(exported, StandardCharsets.UTF_8), new String(export(target), StandardCharsets.UTF_8));
        // and a user's hash travelled: alice logs in on the target
        assertTrue(connect(target, "alice", "alice-secret", "orders").isOpen());
    }

    @Test
    void loadDefinitionsAppliesAFileAtStartAndTheDefaultUserIsNotCreated() throws Exception {
        Path file = dir.resolve("defs.json");
        try (InputStream in = fixture()) {
            Files.copy(in, file);
        }
        String json = """
                {"users": [{"name": "ops", "password_hash": "", "tags": ["administrator"]}],
                 "vhosts": [{"name": "/"}]}
                """;
        Path noGuest = dir.resolve("no-guest.json");
        Files.writeString(noGuest, json);
        Broker b = start(BrokerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dir.resolve("boot"))
                .withLoadDefinitions(noGuest));
        assertTrue(b.users().user("ops").isPresent());
        assertTrue(b.users().user("guest").isEmpty(), "a file with users means no default user");

        Broker withFixture = start(BrokerConfig.defaults().withHost("127.0.0.1").withPort(0)
                .withDataDir(dir.resolve("boot2")).withLoadDefinitions(file));
        assertNotNull(withFixture.vhosts().get("orders").queue("orders.jobs"));
        assertTrue(connect(withFixture, "guest", "guest", "/").isOpen(), "the fixture's guest has RabbitMQ's hash");

        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"queues\": [{\"name\": \"q\", \"vhost\": \"nowhere\"}]}");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> start(BrokerConfig.defaults()
                .withHost("127.0.0.1").withPort(0).withDataDir(dir.resolve("boot3")).withLoadDefinitions(broken)));
        assertTrue(e.getMessage().contains("no vhost 'nowhere'"), e.getMessage());
    }

    @Test
    void aHundredThousandQueuesImportWithOneWriteOfTheDefinitions() throws Exception {
        StringBuilder json = new StringBuilder("{\"queues\": [");
        for (int i = 0; i < 100_000; i++) {
            json.append(i == 0 ? "" : ",").append("{\"name\": \"bulk-").append(i)
                    .append("\", \"vhost\": \"/\", \"durable\": true, \"auto_delete\": false, \"arguments\": {}}");
        }
        json.append("]}");
        BrokerConfig config = BrokerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dir.resolve("bulk"));
        Broker b = new Broker(config).start();
        try {
            assertEquals(100_000, b.importDefinitions(stream(json.toString())).queues());
            assertEquals(100_000, b.vhosts().get("/").queues().size());
        } finally {
            b.close();
        }
        Broker again = start(config);
        assertEquals(100_000, again.vhosts().get("/").queues().size());
    }

    @Test
    void anOversizedFileIsRefusedWithoutReadingItAll() {
        Broker b = start("big");
        // 100 MB of one long string value, generated as it is read: never held in memory
        InputStream huge = new InputStream() {
            private final byte[] head = "{\"users\": [{\"name\": \"".getBytes(StandardCharsets.UTF_8);
            private long position;

            @Override
            public int read() {
                long p = position++;
                if (p < head.length) {
                    return head[(int) p];
                }
                return p < 100L * 1024 * 1024 ? 'x' : -1;
            }
        };
        DefinitionsException e = assertThrows(DefinitionsException.class, () -> b.importDefinitions(huge));
        assertNotNull(e.getMessage());
        assertTrue(b.users().user("x").isEmpty());
    }

    private static byte[] export(Broker b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        b.exportDefinitions(out);
        return out.toByteArray();
    }

    private static InputStream stream(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
