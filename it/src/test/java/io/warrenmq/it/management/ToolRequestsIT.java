package io.warrenmq.it.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.warrenmq.it.Await;
import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.management.ManagementOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The requests KEDA's RabbitMQ scaler and Terraform's provider (through rabbit-hole) send, byte for
 * byte as their sources build them (research notes A.1.3, A.1.4), and what those tools read back.
 * Their binaries are not available here (Go modules are not reachable), so this test replays
 * their requests over a raw socket: rabbit-hole sets {@code Connection: close} on every request,
 * which the JDK's HTTP client refuses to send.
 */
class ToolRequestsIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagement(ManagementOptions.ephemeral()));

    static String auth;

    @BeforeAll
    static void credentials() {
        auth = "Basic " + Base64.getEncoder().encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8));
    }

    /** One HTTP/1.1 exchange on its own connection, as rabbit-hole makes them (req.Close = true). */
    record Reply(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            return ManagementHttp.parse(body);
        }
    }

    static Reply send(String method, String path, String json) throws IOException {
        try (Socket s = new Socket("127.0.0.1", broker.broker().managementPort())) {
            s.setSoTimeout(30_000);
            byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
            StringBuilder req = new StringBuilder()
                    .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1\r\n")
                    .append("Authorization: ").append(auth).append("\r\n")
                    .append("User-Agent: Go-http-client/1.1\r\n")
                    .append("Connection: close\r\n");
            if (json != null) {
                req.append("Content-Type: application/json\r\n").append("Content-Length: ").append(body.length).append("\r\n");
            }
            req.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return parse(s.getInputStream().readAllBytes()); // the server closes after answering
        }
    }

    private static Reply parse(byte[] raw) throws IOException {
        String all = new String(raw, StandardCharsets.UTF_8);
        int end = all.indexOf("\r\n\r\n");
        String[] lines = all.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String body = all.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body.getBytes(StandardCharsets.UTF_8));
        }
        return new Reply(status, headers, body);
    }

    private static String dechunk(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = new java.io.ByteArrayInputStream(b);
        while (true) {
            StringBuilder size = new StringBuilder();
            for (int c; (c = in.read()) != '\n'; ) {
                if (c != '\r') {
                    size.append((char) c);
                }
            }
            int n = Integer.parseInt(size.toString().trim(), 16);
            if (n == 0) {
                return out.toString(StandardCharsets.UTF_8);
            }
            out.write(in.readNBytes(n));
            in.readNBytes(2);
        }
    }

    // ---- KEDA ----------------------------------------------------------------------------------

    @Test
    void kedaReadsAQueuesDepthAndPublishRate() throws Exception {
        try (Connection c = broker.newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare("keda-orders", true, false, false, null);
            for (int i = 0; i < 20; i++) {
                ch.basicPublish("", "keda-orders", null, new byte[10]);
            }
            ch.basicConsume("keda-orders", false, new com.rabbitmq.client.DefaultConsumer(ch));
            // KEDA's default: GET {host}/api/queues/{vhost}/{queue}, vhost "/" sent as %2F; a rate needs
            // two samples of the 5 s sampler after the traffic, so keep publishing while polling
            JsonNode q = Await.result("a publish rate for KEDA", Duration.ofSeconds(60), () -> {
                ch.basicPublish("", "keda-orders", null, new byte[10]);
                Reply r = send("GET", "/api/queues/%2F/keda-orders", null);
                assertEquals(200, r.status(), r::toString);
                return r.json();
            }, j -> j.path("message_stats").path("publish_details").path("rate").asDouble() > 0);
            assertTrue(q.get("messages").asLong() >= 20, q::toString);
            assertTrue(q.get("messages_unacknowledged").asLong() > 0, q::toString);
            assertTrue(q.get("messages_ready").isNumber(), q::toString);
            assertTrue(q.get("message_stats").get("deliver_get_details").get("rate").isNumber(), q::toString);
        }
    }

    @Test
    void kedaWithUseRegexGetsOnePageAndItsCount() throws Exception {
        try (Connection c = broker.newConnection(); Channel ch = c.createChannel()) {
            for (String n : new String[] {"jobs-a", "jobs-b", "other"}) {
                ch.queueDeclare(n, false, false, true, null);
            }
            ch.basicPublish("", "jobs-b", null, new byte[1]);
            // rabbitmq_scaler.go: page=1&use_regex=true&pagination=false&name=...&page_size=100
            Reply r = send("GET", "/api/queues/%2F?page=1&use_regex=true&pagination=false&name=%5Ejobs-&page_size=100", null);
            assertEquals(200, r.status(), r::toString);
            JsonNode page = r.json();
            assertEquals(1, page.get("page_count").asInt(), page::toString);
            assertEquals(2, page.get("items").size(), page::toString);
            for (JsonNode item : page.get("items")) {
                assertTrue(item.get("name").asText().startsWith("jobs-"), item::toString);
                assertTrue(item.has("messages") && item.has("messages_unacknowledged"), item::toString);
            }
        }
    }

    // ---- Terraform (rabbit-hole) ---------------------------------------------------------------

    @Test
    void terraformsListPathsWithATrailingSlashAnswer() throws Exception {
        for (String path : new String[] {"/api/users/", "/api/permissions/", "/api/bindings/", "/api/vhosts/"}) {
            Reply r = send("GET", path, null);
            assertEquals(200, r.status(), path + ": " + r);
            assertTrue(r.json().isArray(), path);
        }
        assertEquals("close", send("GET", "/api/overview", null).headers().get("connection"));
    }

    @Test
    void terraformsBindingLifecycleUsesTheLocationHeader() throws Exception {
        assertEquals(201, send("PUT", "/api/queues/%2F/tf-q", "{\"durable\":true,\"auto_delete\":false,\"arguments\":{}}").status());
        Reply post = send("POST", "/api/bindings/%2F/e/amq.topic/q/tf-q",
                "{\"routing_key\":\"orders.*/eu west\",\"arguments\":{\"x-n\":1}}");
        assertEquals(201, post.status(), post::toString);
        String location = post.headers().get("location");
        assertNotNull(location, post::toString);
        // resource_binding.go: the last path segment, URL-unescaped, is the properties_key
        String lastSegment = location.substring(location.lastIndexOf('/') + 1);
        String propertiesKey = URLDecoder.decode(lastSegment, StandardCharsets.UTF_8);
        JsonNode between = send("GET", "/api/bindings/%2F/e/amq.topic/q/tf-q", null).json();
        assertEquals(1, between.size(), between::toString);
        JsonNode b = between.get(0);
        assertEquals(propertiesKey, b.get("properties_key").asText());
        assertEquals("amq.topic", b.get("source").asText());
        assertEquals("tf-q", b.get("destination").asText());
        assertEquals("queue", b.get("destination_type").asText());
        // rabbit-hole escapes the key with url.PathEscape for the DELETE
        String escaped = java.net.URLEncoder.encode(propertiesKey, StandardCharsets.UTF_8).replace("+", "%20");
        assertEquals(204, send("DELETE", "/api/bindings/%2F/e/amq.topic/q/tf-q/" + escaped, null).status());
        assertEquals(404, send("DELETE", "/api/bindings/%2F/e/amq.topic/q/tf-q/" + escaped, null).status(),
                "a second delete is 404, which rabbit-hole counts as success");
        assertEquals(0, send("GET", "/api/bindings/%2F/e/amq.topic/q/tf-q", null).json().size());
    }

    @Test
    void terraformsReadBackSeesTheTypesItWrote() throws Exception {
        assertEquals(201, send("PUT", "/api/queues/%2F/tf-typed",
                "{\"durable\":true,\"auto_delete\":false,\"arguments\":{\"x-max-length\":10,\"x-queue-mode\":\"lazy\",\"x-flag\":true}}").status());
        JsonNode q = send("GET", "/api/queues/%2F/tf-typed", null).json();
        // JSON objects compared as objects (Terraform reads them into maps: key order is no part of it),
        // but with their types: 10 stays a number, true a boolean
        assertEquals(ManagementHttp.parse("{\"x-max-length\":10,\"x-queue-mode\":\"lazy\",\"x-flag\":true}"),
                q.get("arguments"));
        assertTrue(q.get("durable").asBoolean());

        assertEquals(201, send("PUT", "/api/policies/%2F/tf-policy",
                "{\"pattern\":\"^tf-\",\"priority\":1,\"apply-to\":\"queues\",\"definition\":{\"max-length\":5,\"message-ttl\":60000}}").status());
        JsonNode p = send("GET", "/api/policies/%2F/tf-policy", null).json();
        assertEquals(ManagementHttp.parse("{\"max-length\":5,\"message-ttl\":60000}"), p.get("definition"));
        assertEquals(1, p.get("priority").asInt());

        // users: tags go out as a comma-joined string, come back as an array
        assertEquals(201, send("PUT", "/api/users/tf-user", "{\"password\":\"s3cret\",\"tags\":\"management,policymaker\"}").status());
        JsonNode u = send("GET", "/api/users/tf-user", null).json();
        assertEquals("[\"management\",\"policymaker\"]", u.get("tags").toString());
        assertEquals(201, send("PUT", "/api/topic-permissions/%2F/tf-user",
                "{\"exchange\":\"amq.topic\",\"write\":\"^a\",\"read\":\".*\"}").status());
        JsonNode tp = send("GET", "/api/topic-permissions/%2F/tf-user", null).json();
        assertTrue(tp.isArray() && tp.get(0).get("write").asText().equals("^a"), tp::toString);

        // deletes of what is gone are 404 (success for rabbit-hole), and a read of it 404 (gone from state)
        assertEquals(204, send("DELETE", "/api/users/tf-user", null).status());
        assertEquals(404, send("DELETE", "/api/users/tf-user", null).status());
        assertEquals(404, send("GET", "/api/users/tf-user", null).status());
        Reply err = send("PUT", "/api/queues/%2F/tf-typed", "{\"durable\":false}");
        assertEquals(400, err.status(), err::toString);
        assertTrue(err.json().has("error") && err.json().has("reason"), "rabbit-hole decodes {error, reason}: " + err);
    }
}
