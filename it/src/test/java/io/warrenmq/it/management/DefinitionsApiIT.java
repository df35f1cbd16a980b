package io.warrenmq.it.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.warrenmq.auth.Permissions;
import io.warrenmq.auth.User;
import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.management.ManagementOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /api/definitions}: the export's required keys, {@code ?download=}, an export then import
 * round trip through the broker's importer, all-or-nothing on a bad document, the per-vhost form
 * (no vhost fields, imported into the named vhost) and the administrator-only rule.
 */
class DefinitionsApiIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagement(ManagementOptions.ephemeral()));

    static ManagementHttp http;

    @BeforeAll
    static void setUp() {
        http = ManagementHttp.at(broker.broker().managementPort(), "guest", "guest");
        broker.broker().users().putUser(User.withPassword("mon", "mon-secret", List.of("monitoring")));
    }

    private static void declareTopology(String vhost) throws Exception {
        broker.broker().users().setPermissions("guest", vhost, Permissions.FULL);
        ConnectionFactory f = broker.connectionFactory();
        f.setVirtualHost(vhost);
        try (Connection c = f.newConnection(); Channel ch = c.createChannel()) {
            ch.exchangeDeclare("rt.x", "topic", true);
            ch.queueDeclare("rt.q", true, false, false, Map.of("x-max-length", 7));
            ch.queueBind("rt.q", "rt.x", "orders.#");
        }
    }

    @Test
    void theExportHasEveryKeyToolsRequireAndHonoursDownload() {
        ManagementHttp.Reply r = http.get("/api/definitions?download=warren.json");
        assertEquals(200, r.status(), r::toString);
        JsonNode d = r.json();
        for (String key : List.of("rabbit_version", "users", "vhosts", "permissions", "topic_permissions", "parameters",
                "global_parameters", "policies", "queues", "exchanges", "bindings")) {
            assertTrue(d.has(key), () -> "missing " + key + " in " + d);
        }
        assertTrue(r.header("content-disposition").contains("attachment; filename=\"warren.json\""));
        assertNull(http.get("/api/definitions").header("content-disposition"));
    }

    @Test
    void anExportImportsBackWhatWasDeleted() throws Exception {
        assertEquals(201, http.put("/api/vhosts/rt", "{\"description\": \"round trip\"}").status());
        declareTopology("rt");
        assertEquals(201, http.put("/api/policies/rt/ttl", """
                {"pattern": "^rt\\\\.", "apply-to": "queues", "definition": {"message-ttl": 9000}}""").status());
        assertEquals(201, http.put("/api/users/rtuser", "{\"password\": \"rt-secret\", \"tags\": \"management\"}").status());
        assertEquals(201, http.put("/api/permissions/rt/rtuser", """
                {"configure": "", "write": ".*", "read": ".*"}""").status());
        String exported = http.get("/api/definitions").body();

        assertEquals(204, http.delete("/api/vhosts/rt").status());
        assertEquals(204, http.delete("/api/users/rtuser").status());
        assertNull(broker.broker().vhosts().get("rt"));

        ManagementHttp.Reply imported = http.post("/api/definitions", exported);
        assertEquals(204, imported.status(), imported::toString);
        assertEquals("round trip", http.get("/api/vhosts/rt").json().get("description").asText());
        assertNotNull(broker.broker().vhosts().get("rt").existingQueue("rt.q"));
        assertNotNull(broker.broker().vhosts().get("rt").existingExchange("rt.x"));
        assertEquals(9000, http.get("/api/policies/rt/ttl").json().get("definition").get("message-ttl").asInt());
        assertEquals("", http.get("/api/permissions/rt/rtuser").json().get("configure").asText());
        assertEquals(List.of("management"), UsersApiIT.strings(http.get("/api/users/rtuser").json().get("tags")));
        JsonNode again = ManagementHttp.parse(http.get("/api/definitions").body());
        assertEquals(ManagementHttp.parse(exported).get("bindings"), again.get("bindings"));
        assertEquals(ManagementHttp.parse(exported).get("queues"), again.get("queues"));
    }

    @Test
    void aBadDocumentIs400AndChangesNothing() {
        ManagementHttp.Reply r = http.post("/api/definitions", """
                {"vhosts": [{"name": "half"}],
                 "queues": [{"name": "q", "vhost": "no-such-vhost", "durable": true, "auto_delete": false, "arguments": {}}]}""");
        assertEquals(400, r.status(), r::toString);
        assertEquals("bad_request", r.json().get("error").asText());
        assertNull(broker.broker().vhosts().get("half"), "all or nothing");
        assertEquals(400, http.post("/api/definitions", "this is not json").status());
    }

    @Test
    void theVhostFormOmitsVhostFieldsAndImportsIntoTheNamedVhost() throws Exception {
        assertEquals(201, http.put("/api/vhosts/src", "{}").status());
        declareTopology("src");
        ManagementHttp.Reply r = http.get("/api/definitions/src");
        assertEquals(200, r.status(), r::toString);
        JsonNode d = r.json();
        for (String key : List.of("parameters", "policies", "queues", "exchanges", "bindings")) {
            assertTrue(d.get(key).isArray(), () -> key + " in " + d);
        }
        assertFalse(d.has("users"));
        assertFalse(d.has("vhosts"));
        assertEquals(1, d.get("queues").size());
        assertFalse(d.get("queues").get(0).has("vhost"));
        assertEquals("rt.q", d.get("queues").get(0).get("name").asText());

        assertEquals(201, http.put("/api/vhosts/dst", "{}").status());
        ManagementHttp.Reply imported = http.post("/api/definitions/dst", r.body());
        assertEquals(204, imported.status(), imported::toString);
        assertNotNull(broker.broker().vhosts().get("dst").existingQueue("rt.q"));
        assertNotNull(broker.broker().vhosts().get("dst").existingExchange("rt.x"));
        assertEquals(404, http.get("/api/definitions/nowhere").status());
        assertEquals(404, http.post("/api/definitions/nowhere", r.body()).status());
    }

    @Test
    void theUisMultipartUploadImportsTheFilePart() {
        String boundary = "----WarrenBoundary7MA4YWxk";
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"redirect\"\r\n\r\n../../#/\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"defs.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n"
                + "{\"vhosts\": [{\"name\": \"uploaded\"}]}\r\n"
                + "--" + boundary + "--\r\n";
        HttpResponse<String> r = postMultipart(body, boundary);
        assertEquals(204, r.statusCode(), r::body);
        assertNotNull(broker.broker().vhosts().get("uploaded"));
        HttpResponse<String> noFile = postMultipart("--" + boundary + "--\r\n", boundary);
        assertEquals(400, noFile.statusCode(), noFile::body);
    }

    /** As a browser sends a form (ManagementHttp always sends JSON). */
    private static HttpResponse<String> postMultipart(String body, String boundary) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + broker.broker().managementPort() + "/api/definitions"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "guest:guest".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void onlyAdministratorsMayExportOrImport() {
        ManagementHttp mon = http.as("mon", "mon-secret");
        ManagementHttp.Reply get = mon.get("/api/definitions");
        assertEquals(401, get.status());
        assertEquals("Not administrator user", get.json().get("reason").asText());
        assertEquals(401, mon.post("/api/definitions", "{\"vhosts\": [{\"name\": \"sneaky\"}]}").status());
        assertEquals(401, mon.get("/api/definitions/%2F").status());
        assertNull(broker.broker().vhosts().get("sneaky"));
    }
}
