package io.warrenmq.it.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import io.warrenmq.auth.Permissions;
import io.warrenmq.auth.User;
import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.management.ManagementOptions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /api/vhosts}: metadata in and out (tags a string in, a list out), a name with '/' via
 * %2F, 201/204/404, deletion closing AMQP connections, the listing filtered by access, and PUT
 * and DELETE for administrators only.
 */
class VhostsApiIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagement(ManagementOptions.ephemeral()));

    static ManagementHttp http;

    @BeforeAll
    static void setUp() {
        broker.broker().users().putUser(User.withPassword("mgmt", "mgmt-secret", List.of("management")));
        http = ManagementHttp.at(broker.broker().managementPort(), "guest", "guest");
    }

    @Test
    void theDefaultVhostHasRabbitMqsFields() {
        ManagementHttp.Reply r = http.get("/api/vhosts/%2F");
        assertEquals(200, r.status(), r::toString);
        JsonNode v = r.json();
        assertEquals("/", v.get("name").asText());
        assertTrue(v.get("description").isTextual());
        assertTrue(v.get("tags").isArray());
        assertEquals("classic", v.get("default_queue_type").asText());
        assertEquals("classic", v.get("metadata").get("default_queue_type").asText());
        assertTrue(v.get("metadata").get("tags").isArray());
        assertFalse(v.get("tracing").asBoolean(true));
        assertEquals("running", v.get("cluster_state").elements().next().asText());
        assertEquals(0, v.get("messages").asLong());
        assertTrue(v.has("messages_ready") && v.has("messages_unacknowledged"));
    }

    @Test
    void putCreatesThenUpdatesAndTagsComeBackAsAList() {
        ManagementHttp.Reply created = http.put("/api/vhosts/shop%2Feu", """
                {"description": "EU shop", "tags": "prod,eu", "default_queue_type": "quorum"}""");
        assertEquals(201, created.status(), created::toString);
        assertNotNull(broker.broker().vhosts().get("shop/eu"), "%2F decodes to '/' inside the segment");
        JsonNode v = http.get("/api/vhosts/shop%2Feu").json();
        assertEquals("shop/eu", v.get("name").asText());
        assertEquals("EU shop", v.get("description").asText());
        assertEquals(List.of("prod", "eu"), UsersApiIT.strings(v.get("tags")));
        assertEquals("quorum", v.get("default_queue_type").asText());

        ManagementHttp.Reply updated = http.put("/api/vhosts/shop%2Feu", "{\"tags\": [\"prod\"]}");
        assertEquals(204, updated.status(), updated::toString);
        JsonNode after = http.get("/api/vhosts/shop%2Feu").json();
        assertEquals(List.of("prod"), UsersApiIT.strings(after.get("tags")));
        assertEquals("", after.get("description").asText(), "as RabbitMQ: a description left out is empty");
        assertEquals("quorum", after.get("default_queue_type").asText(), "an update keeps the queue type");
        assertTrue(UsersApiIT.names(http.get("/api/vhosts").json()).contains("shop/eu"));
        assertEquals(400, http.put("/api/vhosts/bad", "{\"default_queue_type\": \"fancy\"}").status());
        assertEquals(404, http.get("/api/vhosts/bad").status());
    }

    @Test
    void deletingAVhostClosesItsConnections() throws Exception {
        assertEquals(201, http.put("/api/vhosts/doomed", "{}").status());
        assertEquals(".*", http.get("/api/permissions/doomed/guest").json().get("configure").asText(),
                "the creator gets full permissions (rabbit_vhost:maybe_grant_full_permissions)");
        ConnectionFactory f = broker.connectionFactory();
        f.setVirtualHost("doomed");
        Connection c = f.newConnection();
        CompletableFuture<ShutdownSignalException> closed = new CompletableFuture<>();
        c.addShutdownListener(closed::complete);

        assertEquals(204, http.delete("/api/vhosts/doomed").status());
        ShutdownSignalException signal = closed.get(30, TimeUnit.SECONDS);
        assertTrue(signal.getMessage().contains("vhost 'doomed' is deleted"), signal::getMessage);
        assertEquals(404, http.get("/api/vhosts/doomed").status());
        assertEquals(404, http.delete("/api/vhosts/doomed").status());
        assertNull(broker.broker().users().snapshot().permissions("guest", "doomed"));
    }

    @Test
    void nonAdministratorsSeeOnlyTheirVhostsAndMayNotChangeThem() {
        assertEquals(201, http.put("/api/vhosts/private", "{}").status());
        broker.broker().users().setPermissions("mgmt", "/", Permissions.FULL);
        ManagementHttp mgmt = http.as("mgmt", "mgmt-secret");
        List<String> seen = UsersApiIT.names(mgmt.get("/api/vhosts").json());
        assertTrue(seen.contains("/"), seen::toString);
        assertFalse(seen.contains("private"), seen::toString);
        assertEquals(401, mgmt.get("/api/vhosts/private").status());
        broker.broker().users().putUser(User.withPassword("mon", "mon-secret", List.of("monitoring")));
        List<String> monitorSees = UsersApiIT.names(http.as("mon", "mon-secret").get("/api/vhosts").json());
        assertTrue(monitorSees.contains("private"), "a monitor sees every vhost (list_visible_vhosts)");
        ManagementHttp.Reply put = mgmt.put("/api/vhosts/mine", "{}");
        assertEquals(401, put.status());
        assertEquals("Not administrator user", put.json().get("reason").asText());
        assertEquals(401, mgmt.delete("/api/vhosts/private").status());
        assertNull(broker.broker().vhosts().get("mine"));
        assertNotNull(broker.broker().vhosts().get("private"));
    }

    @Test
    void vhostsSurviveARestart() {
        assertEquals(201, http.put("/api/vhosts/kept", "{\"description\": \"kept\"}").status());
        broker.restart();
        http = ManagementHttp.at(broker.broker().managementPort(), "guest", "guest");
        assertEquals("kept", http.get("/api/vhosts/kept").json().get("description").asText());
    }
}
