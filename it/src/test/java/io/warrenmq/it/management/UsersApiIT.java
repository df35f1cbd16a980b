package io.warrenmq.it.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.warrenmq.auth.Permissions;
import io.warrenmq.auth.User;
import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.management.ManagementOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /api/users...}: RabbitMQ's shapes (tags a string in, an array out), 201/204/400/404,
 * password and RabbitMQ password_hash imports that AMQP logins then accept, durability, and the
 * administrator-only rule.
 */
class UsersApiIT {
    /** Made by RabbitMQ 3.10.8's rabbitmqctl add_user alice alice-secret (the auth module's fixture). */
    private static final String RABBIT_HASH = "8FUiiVsTESOZkLHdx4JXIYkt1zHjRQ47rOePCtON2eeE13xB";

    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagement(ManagementOptions.ephemeral()));

    static ManagementHttp http;

    @BeforeAll
    static void users() {
        broker.broker().users().putUser(User.withPassword("mon", "mon-secret", List.of("monitoring")));
        http = ManagementHttp.at(broker.broker().managementPort(), "guest", "guest");
    }

    private static boolean canLogIn(String user, String password) throws Exception {
        ConnectionFactory f = broker.connectionFactory();
        f.setUsername(user);
        f.setPassword(password);
        try (Connection c = f.newConnection()) {
            return c.isOpen();
        } catch (AuthenticationFailureException e) {
            return false;
        }
    }

    @Test
    void putCreatesWith201ThenUpdatesWith204AndTagsComeBackAsAList() throws Exception {
        ManagementHttp.Reply created = http.put("/api/users/carol", """
                {"password": "carol-secret", "tags": "monitoring, policymaker"}""");
        assertEquals(201, created.status(), created::toString);
        JsonNode u = http.get("/api/users/carol").json();
        assertEquals("carol", u.get("name").asText());
        assertTrue(u.get("tags").isArray(), u::toString);
        assertEquals(List.of("monitoring", "policymaker"), strings(u.get("tags")));
        assertTrue(u.get("password_hash").isTextual());
        assertFalse(u.get("password_hash").asText().isEmpty());
        assertEquals("rabbit_password_hashing_sha256", u.get("hashing_algorithm").asText());
        assertTrue(u.get("limits").isObject());
        broker.broker().users().setPermissions("carol", "/", Permissions.FULL);
        assertTrue(canLogIn("carol", "carol-secret"));

        ManagementHttp.Reply updated = http.put("/api/users/carol", """
                {"password": "new-secret", "tags": ["management"]}""");
        assertEquals(204, updated.status(), updated::toString);
        assertEquals(List.of("management"), strings(http.get("/api/users/carol").json().get("tags")));
        assertTrue(canLogIn("carol", "new-secret"));
        assertFalse(canLogIn("carol", "carol-secret"));
        assertEquals(1, http.get("/api/users/carol/permissions").json().size(), "a PUT keeps the permissions");
    }

    @Test
    void aRabbitMqPasswordHashImportsAndThePasswordLogsInOverAmqp() throws Exception {
        ManagementHttp.Reply r = http.put("/api/users/alice", """
                {"password_hash": "%s", "hashing_algorithm": "rabbit_password_hashing_sha256", "tags": ""}"""
                .formatted(RABBIT_HASH));
        assertEquals(201, r.status(), r::toString);
        assertEquals(RABBIT_HASH, http.get("/api/users/alice").json().get("password_hash").asText());
        assertEquals(0, http.get("/api/users/alice").json().get("tags").size());
        broker.broker().users().setPermissions("alice", "/", Permissions.FULL);
        assertTrue(canLogIn("alice", "alice-secret"));
        assertFalse(canLogIn("alice", "bob-secret"));
    }

    @Test
    void badBodiesAre400WithAReason() {
        ManagementHttp.Reply both = http.put("/api/users/x1", """
                {"password": "a", "password_hash": "%s", "tags": ""}""".formatted(RABBIT_HASH));
        assertEquals(400, both.status(), both::toString);
        assertEquals("bad_request", both.json().get("error").asText());
        assertTrue(both.json().get("reason").asText().contains("both_password_and_password_hash"));
        assertEquals(400, http.put("/api/users/x2", "{\"password_hash\": \"not base64!\"}").status());
        ManagementHttp.Reply algo = http.put("/api/users/x3", """
                {"password_hash": "%s", "hashing_algorithm": "rabbit_password_hashing_bcrypt"}""".formatted(RABBIT_HASH));
        assertEquals(400, algo.status());
        assertEquals(400, http.put("/api/users/x4", "[1]").status());
        assertEquals(400, http.put("/api/users/x5", "{\"tags\": 7}").status());
        ManagementHttp.Reply noTags = http.put("/api/users/x6", "{\"password\": \"p\"}");
        assertEquals(400, noTags.status());
        assertEquals("tags_not_present", noTags.json().get("reason").asText());
        assertEquals(404, http.get("/api/users/x1").status(), "nothing was created");
    }

    @Test
    void neitherPasswordNorHashMakesAPasswordlessUser() throws Exception {
        assertEquals(201, http.put("/api/users/nopass", "{\"tags\": \"\"}").status());
        assertEquals("", http.get("/api/users/nopass").json().get("password_hash").asText());
        broker.broker().users().setPermissions("nopass", "/", Permissions.FULL);
        assertFalse(canLogIn("nopass", ""));
    }

    @Test
    void unknownUsersAre404AndDeleteIs204() {
        assertEquals(404, http.get("/api/users/nobody").status());
        assertEquals("Object Not Found", http.get("/api/users/nobody").json().get("error").asText());
        assertEquals(404, http.delete("/api/users/nobody").status());
        assertEquals(404, http.get("/api/users/nobody/permissions").status());
        assertEquals(201, http.put("/api/users/gone", "{\"password\": \"p\", \"tags\": \"\"}").status());
        assertEquals(204, http.delete("/api/users/gone").status());
        assertEquals(404, http.get("/api/users/gone").status());
        assertTrue(broker.broker().users().user("gone").isEmpty());
    }

    @Test
    void listingWithoutPermissionsAndBulkDelete() {
        assertEquals(201, http.put("/api/users/lonely1", "{\"password\": \"p\", \"tags\": \"\"}").status());
        assertEquals(201, http.put("/api/users/lonely2", "{\"password\": \"p\", \"tags\": \"\"}").status());
        List<String> all = names(http.get("/api/users").json());
        assertTrue(all.containsAll(List.of("guest", "lonely1", "lonely2")), all::toString);
        List<String> without = names(http.get("/api/users/without-permissions").json());
        assertTrue(without.containsAll(List.of("lonely1", "lonely2")), without::toString);
        assertFalse(without.contains("guest"), "guest has permissions in /");

        ManagementHttp.Reply bulk = http.post("/api/users/bulk-delete", "{\"users\": [\"lonely1\", \"lonely2\", \"nobody\"]}");
        assertEquals(204, bulk.status(), bulk::toString);
        assertEquals(404, http.get("/api/users/lonely1").status());
        assertEquals(404, http.get("/api/users/lonely2").status());
        assertEquals(400, http.post("/api/users/bulk-delete", "{}").status());
    }

    @Test
    void onlyAdministratorsMayReadOrChangeUsers() {
        ManagementHttp mon = http.as("mon", "mon-secret");
        ManagementHttp.Reply list = mon.get("/api/users");
        assertEquals(401, list.status());
        assertEquals("not_authorised", list.json().get("error").asText());
        assertEquals("Not administrator user", list.json().get("reason").asText());
        assertEquals(401, mon.put("/api/users/sneaky", "{\"password\": \"p\", \"tags\": \"administrator\"}").status());
        assertEquals(401, mon.delete("/api/users/guest").status());
        assertTrue(broker.broker().users().user("sneaky").isEmpty());
        assertTrue(broker.broker().users().user("guest").isPresent());
    }

    @Test
    void usersSurviveARestart() throws Exception {
        assertEquals(201, http.put("/api/users/durable", "{\"password\": \"d-secret\", \"tags\": \"management\"}").status());
        broker.restart();
        http = ManagementHttp.at(broker.broker().managementPort(), "guest", "guest");
        JsonNode u = http.get("/api/users/durable").json();
        assertEquals(List.of("management"), strings(u.get("tags")));
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get("name").asText()));
        return out;
    }
}
