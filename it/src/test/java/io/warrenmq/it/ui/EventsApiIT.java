package io.warrenmq.it.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.it.management.ManagementHttp;
import io.warrenmq.management.ManagementOptions;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/warren/events}: a stream that stays open and carries overview snapshots as
 * server-sent events (the first at once, the next after the sampler's period), not compressed
 * even when the client accepts gzip; refused without credentials.
 */
class EventsApiIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagement(ManagementOptions.ephemeral()));

    private static HttpResponse<InputStream> open(String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + broker.broker().managementPort() + "/api/warren/events"))
                .header("Accept-Encoding", "gzip");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** The data line of the next event. */
    private static String nextData(BufferedReader in) throws Exception {
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("data: ")) {
                return line.substring(6);
            }
        }
        throw new AssertionError("the stream ended");
    }

    @Test
    void overviewSnapshotsArriveAsEventsOnOneOpenResponse() throws Exception {
        try (Connection c = broker.connectionFactory().newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare("sse-visible", false, false, false, null);
            String auth = "Basic " + Base64.getEncoder().encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8));
            HttpResponse<InputStream> r = open(auth);
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
            assertTrue(r.headers().firstValue("content-encoding").isEmpty(), "events are not compressed");
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                JsonNode first = ManagementHttp.parse(nextData(in));
                assertEquals("Warren", first.get("product_name").asText());
                assertTrue(first.get("object_totals").get("queues").asInt() >= 1);
                ch.queueDeclare("sse-second", false, false, false, null);
                JsonNode second = ManagementHttp.parse(nextData(in));
                assertEquals(first.get("object_totals").get("queues").asInt() + 1,
                        second.get("object_totals").get("queues").asInt(), "the next snapshot is a new one");
            }
        }
    }

    @Test
    void withoutCredentialsIs401() throws Exception {
        HttpResponse<InputStream> r = open(null);
        assertEquals(401, r.statusCode());
        r.body().close();
    }
}
