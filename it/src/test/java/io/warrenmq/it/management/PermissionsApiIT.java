package io.warrenmq.it.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.warrenmq.auth.User;
import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.management.ManagementOptions;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /api/permissions} and {@code /api/topic-permissions}: RabbitMQ's shapes and codes (400
 * {@code vhost_or_user_not_found} on PUT, 404 on GET/DELETE of nothing), validation by the auth
 * module, the effect on AMQP, and the administrator-only rule.
 */
class PermissionsApiIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagement(ManagementOptions.ephemeral()));

    static ManagementHttp http;

    @BeforeAll
    static void setUp() {
        broker.broker().users().putUser(User.withPassword("mon", "mon-secret", List.of("monitoring")));
        broker.broker().users().putUser(User.withPassword("app", "app-secret", List.of()));
        http = ManagementHttp.at(broker.broker().managementPort(), "guest", "guest");
        assertEquals(201, http.put("/api/vhosts/orders", "{}").status());
    }

    private static Connection connect(String vhost) throws Exception {
        ConnectionFactory f = broker.connectionFactory();
        f.setUsername("app");
        f.setPassword("app-secret");
        f.setVirtualHost(vhost);
        return f.newConnection();
    }

    @Test
    void putGrantsAccessOverAmqpAndDeleteTakesItAway() throws Exception {
        assertThrows(IOException.class, () -> connect("orders").close(), "no permissions yet");
        ManagementHttp.Reply put = http.put("/api/permissions/orders/app", """
                {"configure": "^app\\\\.", "write": ".*", "read": ".*"}""");
        assertEquals(201, put.status(), put::toString);
        JsonNode p = http.get("/api/permissions/orders/app").json();
        assertEquals("app", p.get("user").asText());
        assertEquals("orders", p.get("vhost").asText());
        assertEquals("^app\\.", p.get("configure").asText());
        assertEquals(".*", p.get("write").asText());
        assertEquals(".*", p.get("read").asText());
        try (Connection c = connect("orders")) {
            assertTrue(c.isOpen());
        }
        assertEquals(204, http.put("/api/permissions/orders/app", """
                {"configure": ".*", "write": ".*", "read": ".*"}""").status());
        assertEquals(".*", http.get("/api/permissions/orders/app").json().get("configure").asText());

        JsonNode ofVhost = http.get("/api/vhosts/orders/permissions").json();
        List<String> users = new java.util.ArrayList<>();
        ofVhost.forEach(e -> users.add(e.get("user").asText()));
        assertEquals(List.of("app", "guest"), users, "app, and guest who created the vhost");
        assertTrue(http.get("/api/permissions").json().size() >= 2);
        assertEquals("orders", http.get("/api/users/app/permissions").json().get(0).get("vhost").asText());

        assertEquals(204, http.delete("/api/permissions/orders/app").status());
        assertEquals(404, http.get("/api/permissions/orders/app").status());
        assertEquals(404, http.delete("/api/permissions/orders/app").status());
        assertThrows(IOException.class, () -> connect("orders").close());
    }

    @Test
    void unknownUserOrVhostIs400OnPutAnd404OnGet() {
        ManagementHttp.Reply noUser = http.put("/api/permissions/orders/nobody", """
                {"configure": ".*", "write": ".*", "read": ".*"}""");
        assertEquals(400, noUser.status());
        assertEquals("vhost_or_user_not_found", noUser.json().get("reason").asText());
        assertEquals(400, http.put("/api/permissions/nowhere/app", """
                {"configure": ".*", "write": ".*", "read": ".*"}""").status());
        assertEquals(404, http.get("/api/permissions/nowhere/app").status());
        assertEquals(404, http.get("/api/vhosts/nowhere/permissions").status());
    }

    @Test
    void badExpressionsAndMissingKeysAre400() {
        ManagementHttp.Reply bad = http.put("/api/permissions/orders/app", """
                {"configure": "(", "write": ".*", "read": ".*"}""");
        assertEquals(400, bad.status(), bad::toString);
        assertTrue(bad.json().get("reason").asText().contains("invalid regular expression"), bad::toString);
        ManagementHttp.Reply missing = http.put("/api/permissions/orders/app", "{\"configure\": \".*\"}");
        assertEquals(400, missing.status());
        assertTrue(missing.json().get("reason").asText().contains("key_missing"));
        assertNull(broker.broker().users().snapshot().permissions("app", "orders"));
    }

    @Test
    void topicPermissionsPerExchangeAndDeleteByExchange() {
        assertEquals(201, http.put("/api/topic-permissions/orders/app", """
                {"exchange": "amq.topic", "write": "^orders\\\\.", "read": ".*"}""").status());
        assertEquals(201, http.put("/api/topic-permissions/orders/app", """
                {"exchange": "events", "write": ".*", "read": ".*"}""").status());
        assertEquals(204, http.put("/api/topic-permissions/orders/app", """
                {"exchange": "events", "write": "^e", "read": ".*"}""").status());
        JsonNode list = http.get("/api/topic-permissions/orders/app").json();
        assertEquals(2, list.size(), list::toString);
        JsonNode first = list.get(0);
        assertEquals("amq.topic", first.get("exchange").asText());
        assertEquals("^orders\\.", first.get("write").asText());
        assertEquals("app", first.get("user").asText());
        assertEquals("orders", first.get("vhost").asText());
        assertEquals(2, http.get("/api/vhosts/orders/topic-permissions").json().size());
        assertEquals(2, http.get("/api/users/app/topic-permissions").json().size());

        assertEquals(204, http.delete("/api/topic-permissions/orders/app?exchange=events").status());
        assertNull(broker.broker().users().snapshot().topicPermission("app", "orders", "events"));
        assertNotNull(broker.broker().users().snapshot().topicPermission("app", "orders", "amq.topic"));
        assertEquals(204, http.delete("/api/topic-permissions/orders/app").status());
        assertEquals(404, http.get("/api/topic-permissions/orders/app").status());
        assertEquals(400, http.put("/api/topic-permissions/orders/app", "{\"write\": \".*\", \"read\": \".*\"}").status());
        assertEquals(400, http.put("/api/topic-permissions/orders/nobody", """
                {"exchange": "x", "write": ".*", "read": ".*"}""").status());
    }

    @Test
    void onlyAdministratorsMayReadOrSetPermissions() {
        ManagementHttp mon = http.as("mon", "mon-secret");
        assertEquals(401, mon.get("/api/permissions").status());
        ManagementHttp.Reply put = mon.put("/api/permissions/orders/mon", """
                {"configure": ".*", "write": ".*", "read": ".*"}""");
        assertEquals(401, put.status());
        assertEquals("Not administrator user", put.json().get("reason").asText());
        assertEquals(401, mon.get("/api/topic-permissions").status());
        assertNull(broker.broker().users().snapshot().permissions("mon", "orders"));
    }
}
