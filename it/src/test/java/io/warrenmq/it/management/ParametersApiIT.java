package io.warrenmq.it.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals(400, http.put("/api/global-parameters/other", "{\"value\": 1}").status());
        assertEquals(404, http.get("/api/global-parameters/other").status());
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
