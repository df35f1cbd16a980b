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
 * Runtime and global parameters and the cluster name: the lists, the 400 that names the missing
 * plugin for shovel and federation parameters, cluster_name as a global parameter, and the tag
 * rules.
 */
class ParametersApiIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagement(ManagementOptions.ephemeral()));

    static ManagementHttp http;

    @BeforeAll
    static void setUp() {
        http = ManagementHttp.at(broker.broker().managementPort(), "guest", "guest");
        broker.broker().users().putUser(User.withPassword("mon", "mon-secret", List.of("monitoring")));
    }

    @Test
    void shovelAndFederationParametersAreRefusedNamingThePlugin() {
        ManagementHttp.Reply shovel = http.put("/api/parameters/shovel/%2F/s1", """
                {"value": {"src-uri": "amqp://", "src-queue": "a", "dest-uri": "amqp://", "dest-queue": "b"}}""");
        assertEquals(400, shovel.status(), shovel::toString);
        assertEquals("bad_request", shovel.json().get("error").asText());
        assertTrue(shovel.json().get("reason").asText().contains("no shovel plugin"), shovel::toString);
        ManagementHttp.Reply fed = http.put("/api/parameters/federation-upstream/%2F/up", "{\"value\": {\"uri\": \"amqp://\"}}");
        assertEquals(400, fed.status());
        assertTrue(fed.json().get("reason").asText().contains("no federation plugin"), fed::toString);
        assertTrue(http.put("/api/parameters/mqtt/%2F/x", "{\"value\": 1}").json().get("reason").asText()
                .contains("component mqtt not found"));
        assertEquals(404, http.put("/api/parameters/shovel/nowhere/s1", "{\"value\": {}}").status());
    }

    @Test
    void listsAreEmptyAndUnknownParametersAre404() {
        assertEquals(0, http.get("/api/parameters").json().size());
        assertEquals(0, http.get("/api/parameters/shovel").json().size());
        assertEquals(0, http.get("/api/parameters/shovel/%2F").json().size());
        assertEquals(404, http.get("/api/parameters/shovel/%2F/s1").status());
        assertEquals(404, http.delete("/api/parameters/shovel/%2F/s1").status());
        assertEquals(404, http.get("/api/parameters/shovel/nowhere").status());
    }

    @Test
    void theClusterNameIsAGlobalParameterAndCanBeChanged() {
        String original = http.get("/api/cluster-name").json().get("name").asText();
        assertTrue(!original.isEmpty());
        assertEquals(204, http.put("/api/cluster-name", "{\"name\": \"blue\"}").status());
        assertEquals("blue", http.get("/api/cluster-name").json().get("name").asText());
        assertEquals("blue", http.get("/api/global-parameters/cluster_name").json().get("value").asText());
        assertEquals(204, http.put("/api/global-parameters/cluster_name", "{\"value\": \"green\"}").status());
        assertEquals("green", http.get("/api/cluster-name").json().get("name").asText());
        assertEquals("green", http.get("/api/definitions").json().get("global_parameters").get(0).get("value").asText());
        assertEquals("cluster_name", http.get("/api/global-parameters").json().get(0).get("name").asText());
        assertEquals(400, http.put("/api/cluster-name", "{}").status());
        assertEquals(400, http.put("/api/global-parameters/cluster_name", "{\"value\": 5}").status());
        assertEquals("green", http.get("/api/overview").json().get("cluster_name").asText());
        try (var c = broker.newConnection()) {
            assertEquals("green", c.getServerProperties().get("cluster_name").toString(),
                    "connection.start names the cluster as it is now");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anyGlobalParameterIsStoredListedExportedAndDeleted() {
        assertEquals(404, http.get("/api/global-parameters/other").status());
        assertEquals(201, http.put("/api/global-parameters/other", "{\"value\": {\"a\": [1, \"x\", true], \"n\": 2.5}}").status());
        assertEquals(204, http.put("/api/global-parameters/other", "{\"value\": {\"a\": [1, \"x\", true], \"n\": 2.5}}").status());
        JsonNode got = http.get("/api/global-parameters/other").json();
        assertEquals("{\"name\":\"other\",\"value\":{\"a\":[1,\"x\",true],\"n\":2.5}}", got.toString());
        boolean listed = false;
        for (JsonNode n : http.get("/api/global-parameters").json()) {
            listed |= n.get("name").asText().equals("other");
        }
        assertTrue(listed);
        boolean exported = false;
        for (JsonNode n : http.get("/api/definitions").json().get("global_parameters")) {
            exported |= n.get("name").asText().equals("other") && n.get("value").get("n").asDouble() == 2.5;
        }
        assertTrue(exported);
        assertEquals(400, http.put("/api/global-parameters/other", "{}").status(), "value is required");
        assertEquals(204, http.delete("/api/global-parameters/other").status());
        assertEquals(404, http.get("/api/global-parameters/other").status());
        assertEquals(404, http.delete("/api/global-parameters/other").status());

        assertEquals(204, http.post("/api/definitions",
                "{\"global_parameters\": [{\"name\": \"imported\", \"value\": \"x\"}]}").status());
        assertEquals("x", http.get("/api/global-parameters/imported").json().get("value").asText());
        ManagementHttp.Reply bad = http.post("/api/definitions",
                "{\"global_parameters\": [{\"name\": \"cluster_name\", \"value\": 7}]}");
        assertEquals(400, bad.status(), bad::toString);
        assertTrue(bad.json().get("reason").asText().contains("cluster_name"), bad::toString);
    }

    @Test
    void globalParametersSurviveARestart() {
        assertEquals(201, http.put("/api/global-parameters/kept", "{\"value\": [1, 2]}").status());
        assertEquals(204, http.put("/api/cluster-name", "{\"name\": \"after-restart\"}").status());
        broker.restart();
        ManagementHttp again = ManagementHttp.at(broker.broker().managementPort(), "guest", "guest");
        assertEquals("[1,2]", again.get("/api/global-parameters/kept").json().get("value").toString());
        assertEquals("after-restart", again.get("/api/cluster-name").json().get("name").asText());
        http = again;
    }

    @Test
    void tagRules() {
        ManagementHttp mon = http.as("mon", "mon-secret");
        assertEquals(200, mon.get("/api/cluster-name").status(), "any management user reads the name");
        ManagementHttp.Reply put = mon.put("/api/cluster-name", "{\"name\": \"red\"}");
        assertEquals(401, put.status());
        assertEquals("Not administrator user", put.json().get("reason").asText());
        assertEquals(401, mon.get("/api/parameters").status());
        assertEquals(401, mon.put("/api/parameters/shovel/%2F/s1", "{\"value\": {}}").status());
        assertEquals(401, mon.get("/api/global-parameters").status());
    }
}
