package io.warrenmq.it.amqp10;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.warrenmq.auth.Permissions;
import io.warrenmq.auth.User;
import io.warrenmq.it.Await;
import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.it.management.ManagementHttp;
import io.warrenmq.management.ManagementOptions;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * AMQP 1.0 connections in the management API, as RabbitMQ 4 lists them: in /api/connections with
 * protocol "AMQP 1-0", the user, vhost, peer, the client's open properties as client_properties;
 * an administrator's DELETE closes the connection (qpid-jms's exception listener hears it); a
 * management user who does not own it sees none of it.
 */
class Amqp10ConnectionsApiIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagement(ManagementOptions.ephemeral()));

    static ManagementHttp admin;

    @BeforeAll
    static void users() {
        broker.broker().users().putUser(User.withPassword("watcher", "watcher-secret", List.of("management")));
        broker.broker().users().setPermissions("watcher", "/", Permissions.FULL);
        admin = ManagementHttp.at(broker.broker().managementPort(), "guest", "guest");
    }

    private static JsonNode amqp10(ManagementHttp as) {
        ManagementHttp.Reply r = as.get("/api/connections");
        assertEquals(200, r.status(), r::toString);
        for (JsonNode n : r.json()) {
            if ("AMQP 1-0".equals(n.path("protocol").asText())) {
                return n;
            }
        }
        return null;
    }

    @Test
    void aJmsConnectionIsListedAndAnAdministratorCanCloseIt() throws Exception {
        Connection jms = new JmsConnectionFactory("guest", "guest", "amqp://127.0.0.1:" + broker.port()
                + "?jms.connectTimeout=10000").createConnection();
        AtomicReference<JMSException> closed = new AtomicReference<>();
        jms.setExceptionListener(closed::set);
        jms.start();
        try {
            JsonNode c = Await.result("the JMS connection is listed", () -> amqp10(admin), n -> n != null);
            assertEquals("guest", c.path("user").asText());
            assertEquals("/", c.path("vhost").asText());
            assertEquals("127.0.0.1", c.path("peer_host").asText());
            assertEquals("QpidJMS", c.path("client_properties").path("product").asText(), c.toString());
            assertEquals("PLAIN", c.path("auth_mechanism").asText());
            assertTrue(c.path("recv_oct").asLong() > 0, "octets counted on the socket: " + c);
            String name = c.path("name").asText();
            ManagementHttp.Reply one = admin.get("/api/connections/" + enc(name));
            assertEquals(200, one.status(), one::toString);
            assertEquals("AMQP 1-0", one.json().path("protocol").asText());
            assertEquals(0, admin.get("/api/connections/" + enc(name) + "/channels").json().size());

            // a management user sees only its own connections
            assertEquals(null, amqp10(admin.as("watcher", "watcher-secret")));

            ManagementHttp.Reply delete = admin.send("DELETE", "/api/connections/" + enc(name), null,
                    java.util.Map.of("X-Reason", "maintenance"));
            assertEquals(204, delete.status(), delete::toString);
            // the broker's close carries amqp:connection:forced and the reason (seen in qpid-jms's frame
            // trace); qpid-jms reports a forced close to the listener as a transport failure
            Await.until("qpid-jms hears the close", () -> closed.get() != null);
            Await.until("the connection is no longer listed", () -> amqp10(admin) == null);
        } finally {
            try {
                jms.close();
            } catch (JMSException alreadyClosed) {
                // closed by the broker
            }
        }
    }

    @Test
    void aClosedJmsConnectionLeavesTheList() throws Exception {
        Connection jms = new JmsConnectionFactory("guest", "guest", "amqp://127.0.0.1:" + broker.port()
                + "?jms.connectTimeout=10000").createConnection();
        jms.start();
        assertNotNull(Await.result("listed", () -> amqp10(admin), n -> n != null));
        jms.close();
        Await.until("gone from the list", () -> amqp10(admin) == null);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
