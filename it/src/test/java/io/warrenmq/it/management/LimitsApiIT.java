package io.warrenmq.it.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.warrenmq.auth.Permissions;
import io.warrenmq.auth.User;
import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.management.ManagementOptions;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /api/vhost-limits} and {@code /api/user-limits}: RabbitMQ's {@code {vhost|user, value}}
 * shape, the limits enforced on AMQP connections, 400 for unknown limits and bad values, and the
 * administrator-only rule for changes.
 */
class LimitsApiIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagement(ManagementOptions.ephemeral()));

    static ManagementHttp http;

    @BeforeAll
    static void setUp() {
        http = ManagementHttp.at(broker.broker().managementPort(), "guest", "guest");
        broker.broker().users().putUser(User.withPassword("mon", "mon-secret", List.of("monitoring")));
        broker.broker().users().putUser(User.withPassword("app", "app-secret", List.of()));
        broker.broker().users().setPermissions("app", "/", Permissions.FULL);
        assertEquals(201, http.put("/api/vhosts/capped", "{}").status());
        broker.broker().users().setPermissions("guest", "capped", Permissions.FULL);
    }

    @Test
    void aVhostConnectionLimitSetOverHttpRefusesTheNextConnection() throws Exception {
        ManagementHttp.Reply put = http.put("/api/vhost-limits/capped/max-connections", "{\"value\": 0}");
        assertEquals(204, put.status(), put::toString);
        assertEquals(204, http.put("/api/vhost-limits/capped/max-queues", "{\"value\": \"10\"}").status());
        JsonNode one = http.get("/api/vhost-limits/capped").json();
        assertEquals(1, one.size());
        assertEquals("capped", one.get(0).get("vhost").asText());
        assertEquals(0, one.get(0).get("value").get("max-connections").asInt());
        assertEquals(10, one.get(0).get("value").get("max-queues").asInt());
        assertTrue(http.get("/api/vhost-limits").json().size() >= 1);

        ConnectionFactory f = broker.connectionFactory();
        f.setVirtualHost("capped");
        assertThrows(IOException.class, () -> f.newConnection().close());

        assertEquals(204, http.delete("/api/vhost-limits/capped/max-connections").status());
        try (Connection c = f.newConnection()) {
            assertTrue(c.isOpen());
        }
        assertEquals(404, http.delete("/api/vhost-limits/capped/max-connections").status());
        assertEquals(204, http.delete("/api/vhost-limits/capped/max-queues").status());
        assertEquals(0, http.get("/api/vhost-limits/capped").json().size());
    }

    @Test
    void badVhostLimitsAre400And404() {
        ManagementHttp.Reply unknown = http.put("/api/vhost-limits/capped/max-widgets", "{\"value\": 1}");
        assertEquals(400, unknown.status());
        assertTrue(unknown.json().get("reason").asText().contains("max-widgets"));
        assertEquals(400, http.put("/api/vhost-limits/capped/max-queues", "{}").status());
        assertEquals(400, http.put("/api/vhost-limits/capped/max-queues", "{\"value\": \"many\"}").status());
        assertEquals(404, http.put("/api/vhost-limits/nowhere/max-queues", "{\"value\": 1}").status());
        assertEquals(404, http.get("/api/vhost-limits/nowhere").status());
    }

    @Test
    void aUserConnectionLimitSetOverHttpRefusesTheUsersNextConnection() throws Exception {
        assertEquals(204, http.put("/api/user-limits/app/max-connections", "{\"value\": 0}").status());
        assertEquals(204, http.put("/api/user-limits/app/max-channels", "{\"value\": 4}").status());
        JsonNode limits = http.get("/api/user-limits/app").json();
        assertEquals("app", limits.get(0).get("user").asText());
        assertEquals(0, limits.get(0).get("value").get("max-connections").asInt());
        assertEquals(4, limits.get(0).get("value").get("max-channels").asInt());
        assertEquals(4, http.get("/api/users/app").json().get("limits").get("max-channels").asInt());

        ConnectionFactory f = broker.connectionFactory();
        f.setUsername("app");
        f.setPassword("app-secret");
        assertThrows(IOException.class, () -> f.newConnection().close());
        assertEquals(204, http.delete("/api/user-limits/app/max-connections").status());
        try (Connection c = f.newConnection()) {
            assertTrue(c.isOpen());
        }
        assertEquals(204, http.delete("/api/user-limits/app/max-channels").status());
        assertEquals(0, http.get("/api/user-limits/app").json().size());
        assertEquals(400, http.put("/api/user-limits/app/max-queues", "{\"value\": 1}").status());
        assertEquals(404, http.put("/api/user-limits/nobody/max-channels", "{\"value\": 1}").status());
    }

    @Test
    void onlyAdministratorsMayChangeLimits() {
        ManagementHttp mon = http.as("mon", "mon-secret");
        ManagementHttp.Reply r = mon.put("/api/vhost-limits/capped/max-queues", "{\"value\": 1}");
        assertEquals(401, r.status());
        assertEquals("Not administrator user", r.json().get("reason").asText());
        assertEquals(401, mon.put("/api/user-limits/app/max-channels", "{\"value\": 1}").status());
        assertEquals(401, mon.get("/api/user-limits").status());
        assertEquals(-1, broker.broker().vhosts().limits("capped").maxQueues());
    }
}
