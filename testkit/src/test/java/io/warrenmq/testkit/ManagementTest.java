package io.warrenmq.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** {@code management = true}: the HTTP API on a free loopback port, its URI injectable. */
@WarrenTest(management = true)
class ManagementTest {

    @Test
    void theManagementUriServesTheApiToTheDefaultUser(@ManagementUri URI api, WarrenBroker broker) throws Exception {
        assertEquals(URI.create("http://127.0.0.1:" + broker.server().managementPort() + "/api/"), api);
        assertTrue(broker.managementEnabled());
        String auth = Base64.getEncoder().encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(api.resolve("queues/%2F"))
                .header("Authorization", "Basic " + auth).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("[]", r.body().replaceAll("\\s", ""));
    }

    @Test
    void theApiSeesQueuesDeclaredOverAmqp(@ManagementUri String api, WarrenBroker broker) throws Exception {
        try (var c = broker.newConnection(); var ch = c.createChannel()) {
            ch.queueDeclare("seen-over-http", false, false, false, null);
        }
        String auth = Base64.getEncoder().encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api
                + "queues/%2F/seen-over-http")).header("Authorization", "Basic " + auth).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"name\":\"seen-over-http\"") || r.body().contains("\"name\" : \"seen-over-http\""),
                r.body());
    }
}
