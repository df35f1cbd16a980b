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
 * The health checks: 200 {"status":"ok"} when healthy, 503 with RabbitMQ's failure body when a
 * resource alarm is on or nothing listens, 400 for a bad port; and the misc resources.
 */
class HealthChecksIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagement(ManagementOptions.ephemeral()));

    static ManagementHttp http;

    @BeforeAll
    static void users() {
        broker.broker().users().putUser(User.withPassword("mgmt", "mgmt-secret", List.of("management")));
        broker.broker().users().putUser(User.withPassword("app", "app-secret", List.of()));
        http = ManagementHttp.at(broker.broker().managementPort(), "guest", "guest");
    }

    private static void assertOk(String path) {
        ManagementHttp.Reply r = http.as("mgmt", "mgmt-secret").get(path);
        assertEquals(200, r.status(), () -> path + ": " + r);
        assertEquals("ok", r.json().get("status").asText(), path);
    }

    @Test
    void healthyChecksAnswerOk() {
        for (String check : List.of("alarms", "local-alarms", "virtual-hosts", "node-is-quorum-critical",
                "node-is-mirror-sync-critical", "port-listener/" + broker.port(), "protocol-listener/amqp",
                "protocol-listener/amqp091", "protocol-listener/http")) {
            assertOk("/api/health/checks/" + check);
        }
        assertOk("/api/healthchecks/node");
        String node = http.get("/api/nodes").json().get(0).get("name").asText();
        assertOk("/api/healthchecks/node/" + node);
    }

    @Test
    void aDiskAlarmFailsTheAlarmChecksWith503() {
        long limit = broker.broker().alarms().diskFreeLimit();
        broker.broker().alarms().setDiskFreeLimit(Long.MAX_VALUE);
        try {
            for (String check : List.of("alarms", "local-alarms")) {
                ManagementHttp.Reply r = http.get("/api/health/checks/" + check);
                assertEquals(503, r.status(), r::toString);
                JsonNode j = r.json();
                assertEquals("failed", j.get("status").asText());
                assertTrue(j.get("reason").asText().startsWith("There are alarms in effect"), j::toString);
                assertEquals("disk", j.get("alarms").get(0).get("resource").asText());
                assertTrue(j.get("alarms").get(0).get("node").asText().startsWith("warren@"));
            }
        } finally {
            broker.broker().alarms().setDiskFreeLimit(limit);
        }
        assertOk("/api/health/checks/alarms");
    }

    @Test
    void listenerChecksFailWhenNothingListens() {
        ManagementHttp.Reply port = http.get("/api/health/checks/port-listener/1");
        assertEquals(503, port.status(), port::toString);
        assertEquals("No active listener", port.json().get("reason").asText());
        assertEquals(1, port.json().get("missing").asInt());
        assertTrue(port.json().get("ports").toString().contains(Integer.toString(broker.port())));

        ManagementHttp.Reply proto = http.get("/api/health/checks/protocol-listener/stomp");
        assertEquals(503, proto.status(), proto::toString);
        assertEquals("stomp", proto.json().get("missing").asText());

        ManagementHttp.Reply bad = http.get("/api/health/checks/port-listener/abc");
        assertEquals(400, bad.status(), bad::toString);
        assertEquals("Invalid port", bad.json().get("reason").asText());
    }

    @Test
    void checksNeedAManagementUser() {
        ManagementHttp.Reply r = http.as("app", "app-secret").get("/api/health/checks/alarms");
        assertEquals(401, r.status(), r::toString);
        assertEquals(401, http.anonymous().get("/api/health/checks/alarms").status());
    }

    @Test
    void miscResourcesAnswerRabbitMqsShapes() {
        assertEquals("[]", http.get("/api/extensions").json().toString());
        assertEquals("[]", http.get("/api/feature-flags").json().toString());
        assertEquals("[]", http.get("/api/deprecated-features").json().toString());
        assertEquals("[]", http.get("/api/deprecated-features/used").json().toString());
        assertEquals(false, http.get("/api/auth").json().get("oauth_enabled").asBoolean());
        ManagementHttp.Reply refused = http.as("mgmt", "mgmt-secret").get("/api/feature-flags");
        assertEquals(401, refused.status(), refused::toString);
        assertEquals("Not administrator user", refused.json().get("reason").asText());
    }

    @Test
    void enablingAFeatureFlagIsRefusedAsRabbitMqRefusesAnUnknownOne() {
        ManagementHttp.Reply r = http.put("/api/feature-flags/khepri_db/enable", "{}");
        assertEquals(400, r.status(), r::toString);
        assertEquals("bad_request", r.json().get("error").asText());
        assertEquals("unsupported", r.json().get("reason").asText());
        ManagementHttp.Reply refused = http.as("mgmt", "mgmt-secret").put("/api/feature-flags/khepri_db/enable", "{}");
        assertEquals(401, refused.status(), refused::toString);
    }
}
