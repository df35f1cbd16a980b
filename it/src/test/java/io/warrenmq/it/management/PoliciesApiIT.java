package io.warrenmq.it.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import io.warrenmq.auth.Permissions;
import io.warrenmq.auth.User;
import io.warrenmq.it.Await;
import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.management.ManagementOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /api/policies} and {@code /api/operator-policies}: the definition's JSON types round
 * trip (also across a restart), validation by the broker's policy package, the effect on a queue
 * that already exists, and the policymaker-in-the-vhost rule.
 */
class PoliciesApiIT {
    private static final String DEFINITION = """
            {"message-ttl": 60000, "queue-mode": "lazy", "overflow": "reject-publish",
             "dead-letter-exchange": "dlx", "max-length-bytes": 1048576}""";

    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagement(ManagementOptions.ephemeral()));

    static ManagementHttp http;

    @BeforeAll
    static void setUp() {
        http = ManagementHttp.at(broker.broker().managementPort(), "guest", "guest");
        assertEquals(201, http.put("/api/vhosts/team-a", "{}").status());
        assertEquals(201, http.put("/api/vhosts/team-b", "{}").status());
        broker.broker().users().putUser(User.withPassword("pm", "pm-secret", List.of("policymaker")));
        broker.broker().users().setPermissions("pm", "team-a", Permissions.FULL);
    }

    @Test
    void theDefinitionRoundTripsWithItsTypesAcrossARestart() {
        ManagementHttp.Reply put = http.put("/api/policies/%2F/typed", """
                {"pattern": "^typed\\\\.", "apply-to": "queues", "priority": 3, "definition": %s}""".formatted(DEFINITION));
        assertEquals(201, put.status(), put::toString);
        assertRoundTrip(http.get("/api/policies/%2F/typed").json());
        broker.restart();
        http = ManagementHttp.at(broker.broker().managementPort(), "guest", "guest");
        assertRoundTrip(http.get("/api/policies/%2F/typed").json());
        JsonNode list = http.get("/api/policies/%2F").json();
        assertEquals("typed", list.get(0).get("name").asText());
        assertTrue(UsersApiIT.names(http.get("/api/policies").json()).contains("typed"));
        assertEquals(204, http.put("/api/policies/%2F/typed", """
                {"pattern": "^typed\\\\.", "definition": {"max-length": 5}}""").status());
        JsonNode after = http.get("/api/policies/%2F/typed").json();
        assertEquals("all", after.get("apply-to").asText(), "apply-to defaults to all");
        assertEquals(0, after.get("priority").asInt());
        assertEquals(204, http.delete("/api/policies/%2F/typed").status());
        assertEquals(404, http.get("/api/policies/%2F/typed").status());
        assertEquals(404, http.delete("/api/policies/%2F/typed").status());
    }

    private static void assertRoundTrip(JsonNode p) {
        assertEquals("/", p.get("vhost").asText());
        assertEquals("typed", p.get("name").asText());
        assertEquals("^typed\\.", p.get("pattern").asText());
        assertEquals("queues", p.get("apply-to").asText());
        assertTrue(p.get("priority").isIntegralNumber());
        assertEquals(3, p.get("priority").asInt());
        JsonNode d = p.get("definition");
        assertEquals(ManagementHttp.parse(DEFINITION), d, () -> "definition came back as " + d);
        assertTrue(d.get("message-ttl").isIntegralNumber());
        assertTrue(d.get("queue-mode").isTextual());
    }

    @Test
    void invalidPoliciesAre400WithTheValidatorsReason() {
        ManagementHttp.Reply unknown = http.put("/api/policies/%2F/bad", """
                {"pattern": ".*", "definition": {"max-priority": 5}}""");
        assertEquals(400, unknown.status(), unknown::toString);
        assertTrue(unknown.json().get("reason").asText().contains("not recognised policy settings"), unknown::toString);
        assertEquals(400, http.put("/api/policies/%2F/bad", """
                {"pattern": ".*", "definition": {"message-ttl": "soon"}}""").status());
        assertEquals(400, http.put("/api/policies/%2F/bad", """
                {"pattern": "(", "definition": {"message-ttl": 5}}""").status());
        assertEquals(400, http.put("/api/policies/%2F/bad", """
                {"pattern": ".*", "apply-to": "everything", "definition": {"message-ttl": 5}}""").status());
        assertEquals(400, http.put("/api/policies/%2F/bad", "{\"definition\": {\"message-ttl\": 5}}").status());
        assertEquals(404, http.get("/api/policies/%2F/bad").status());
        assertEquals(404, http.put("/api/policies/nowhere/p", """
                {"pattern": ".*", "definition": {"message-ttl": 5}}""").status());
    }

    @Test
    void aPolicyTakesEffectOnAQueueThatAlreadyExists() throws Exception {
        Channel ch = broker.newChannel();
        ch.queueDeclare("capped.q", true, false, false, null);
        for (int i = 0; i < 3; i++) {
            ch.basicPublish("", "capped.q", null, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        Await.until("3 messages queued", () -> ch.queueDeclarePassive("capped.q").getMessageCount() == 3);
        assertEquals(201, http.put("/api/policies/%2F/cap", """
                {"pattern": "^capped\\\\.", "apply-to": "queues", "definition": {"max-length": 1}}""").status());
        ch.basicPublish("", "capped.q", null, "m3".getBytes(StandardCharsets.UTF_8));
        Await.until("the policy's max-length applies", () -> ch.queueDeclarePassive("capped.q").getMessageCount() == 1);
        assertEquals("m3", new String(ch.basicGet("capped.q", true).getBody(), StandardCharsets.UTF_8));
        assertEquals(204, http.delete("/api/policies/%2F/cap").status());
    }

    @Test
    void aPolicymakerMayChangeOnlyItsOwnVhosts() {
        ManagementHttp pm = http.as("pm", "pm-secret");
        ManagementHttp.Reply own = pm.put("/api/policies/team-a/ttl", """
                {"pattern": ".*", "definition": {"message-ttl": 1000}}""");
        assertEquals(201, own.status(), own::toString);
        assertEquals(1000, pm.get("/api/policies/team-a/ttl").json().get("definition").get("message-ttl").asInt());
        ManagementHttp.Reply other = pm.put("/api/policies/team-b/ttl", """
                {"pattern": ".*", "definition": {"message-ttl": 1000}}""");
        assertEquals(401, other.status(), other::toString);
        assertEquals("not_authorised", other.json().get("error").asText());
        assertNull(broker.broker().vhosts().policies("team-b").policy("ttl", false));
        assertEquals(401, pm.get("/api/policies/team-b").status());
        assertEquals(201, http.put("/api/policies/team-b/hidden", """
                {"pattern": ".*", "definition": {"message-ttl": 1}}""").status());
        List<String> seen = UsersApiIT.names(pm.get("/api/policies").json());
        assertTrue(seen.contains("ttl") && !seen.contains("hidden"), seen::toString);
        assertEquals(401, pm.put("/api/operator-policies/team-a/op", """
                {"pattern": ".*", "definition": {"max-length": 10}}""").status(), "operator policies: admin only");
    }

    @Test
    void operatorPoliciesAcceptOnlyTheirKeys() {
        ManagementHttp.Reply ok = http.put("/api/operator-policies/team-b/limits", """
                {"pattern": ".*", "apply-to": "queues", "definition": {"max-length": 10, "message-ttl": 5000}}""");
        assertEquals(201, ok.status(), ok::toString);
        JsonNode op = http.get("/api/operator-policies/team-b/limits").json();
        assertEquals(10, op.get("definition").get("max-length").asInt());
        assertEquals(1, http.get("/api/operator-policies").json().size());
        assertTrue(!UsersApiIT.names(http.get("/api/policies/team-b").json()).contains("limits"),
                "operator policies are listed apart");
        ManagementHttp.Reply bad = http.put("/api/operator-policies/team-b/dlx", """
                {"pattern": ".*", "definition": {"dead-letter-exchange": "x"}}""");
        assertEquals(400, bad.status());
        assertTrue(bad.json().get("reason").asText().contains("operator policy settings"), bad::toString);
        assertEquals(204, http.delete("/api/operator-policies/team-b/limits").status());
    }

    @Test
    void aQueueShowsItsPoliciesMergedAsTheyApply() {
        assertEquals(201, http.put("/api/vhosts/team-c", "{}").status());
        assertEquals(201, http.put("/api/queues/team-c/merged", "{}").status());
        assertEquals("{}", http.get("/api/queues/team-c/merged").json().get("effective_policy_definition").toString());
        assertEquals(201, http.put("/api/policies/team-c/p", """
                {"pattern": "^merged$", "apply-to": "queues", "definition": {"max-length": 100, "message-ttl": 60000}}""")
                .status());
        assertEquals(201, http.put("/api/operator-policies/team-c/op", """
                {"pattern": ".*", "apply-to": "queues", "definition": {"max-length": 10, "expires": 3600000}}""").status());
        io.warrenmq.it.Await.until("the queue applied both", () -> {
            JsonNode q = http.get("/api/queues/team-c/merged").json();
            return "p".equals(q.path("policy").asText()) && "op".equals(q.path("operator_policy").asText())
                    && q.get("effective_policy_definition").toString()
                            .equals("{\"expires\":3600000,\"max-length\":10,\"message-ttl\":60000}");
        });
        assertEquals(204, http.delete("/api/vhosts/team-c").status());
    }
}
