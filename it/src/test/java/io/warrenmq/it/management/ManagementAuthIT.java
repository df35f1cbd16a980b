package io.warrenmq.it.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.warrenmq.auth.User;
import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.management.ManagementOptions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The API's authentication and tag rules over a real HTTP connection (research doc A.4, A.6):
 * Basic auth, 401 with {@code WWW-Authenticate} when credentials are missing, 401 for a refused
 * login and for a user without a management tag, routing errors before authentication.
 */
class ManagementAuthIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagement(ManagementOptions.ephemeral()));

    static ManagementHttp http;

    @BeforeAll
    static void users() {
        broker.broker().users().putUser(User.withPassword("mon", "mon-secret", List.of("monitoring")));
        broker.broker().users().putUser(User.withPassword("app", "app-secret", List.of()));
        http = ManagementHttp.at(broker.broker().managementPort(), "guest", "guest");
    }

    @Test
    void whoamiNamesTheUserAndItsTagsAsAList() {
        ManagementHttp.Reply r = http.get("/api/whoami");
        assertEquals(200, r.status(), r::toString);
        JsonNode j = r.json();
        assertEquals("guest", j.get("name").asText());
        assertTrue(j.get("tags").isArray(), r::toString);
        assertEquals("administrator", j.get("tags").get(0).asText());
        assertEquals("application/json", r.header("content-type").split(";")[0]);

        JsonNode mon = http.as("mon", "mon-secret").get("/api/whoami").json();
        assertEquals("mon", mon.get("name").asText());
        assertEquals("monitoring", mon.get("tags").get(0).asText());
    }

    @Test
    void missingCredentialsAre401WithABasicChallenge() {
        ManagementHttp.Reply r = http.anonymous().get("/api/whoami");
        assertEquals(401, r.status());
        assertEquals("Basic realm=\"RabbitMQ Management\"", r.header("www-authenticate"));
        assertEquals("not_authorized", r.json().get("error").asText());
    }

    @Test
    void wrongPasswordAndUnknownUserAre401() {
        long before = broker.broker().loginFailures().total();
        ManagementHttp.Reply wrong = http.as("guest", "nope").get("/api/whoami");
        assertEquals(401, wrong.status());
        assertEquals("not_authorized", wrong.json().get("error").asText());
        assertEquals("Login failed", wrong.json().get("reason").asText());
        assertEquals(401, http.as("nobody", "x").get("/api/whoami").status());
        assertEquals(before + 2, broker.broker().loginFailures().total(), "HTTP refusals count with AMQP's");
    }

    @Test
    void aUserWithoutAManagementTagIsRefused() {
        ManagementHttp.Reply r = http.as("app", "app-secret").get("/api/whoami");
        assertEquals(401, r.status(), r::toString);
        assertEquals("not_authorised", r.json().get("error").asText());
        assertEquals("Not management user", r.json().get("reason").asText());
    }

    @Test
    void unknownPathsAre404JsonBeforeAuthentication() {
        ManagementHttp.Reply r = http.anonymous().get("/api/no-such-thing");
        assertEquals(404, r.status());
        assertEquals("Object Not Found", r.json().get("error").asText());
    }

    @Test
    void aWrongMethodIs405() {
        ManagementHttp.Reply r = http.delete("/api/whoami");
        assertEquals(405, r.status(), r::toString);
        assertTrue(r.json().has("error"));
    }
}
