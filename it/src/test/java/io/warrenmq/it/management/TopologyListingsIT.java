package io.warrenmq.it.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.warrenmq.auth.User;
import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.management.ManagementOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The queue and exchange listings ({@code /api/queues}, {@code /api/exchanges}, with and without a
 * vhost): fields and their JSON types, %2F vhost, 404 for an unknown vhost, 401 without access.
 */
class TopologyListingsIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagement(ManagementOptions.ephemeral()));

    static ManagementHttp http;

    @BeforeAll
    static void users() {
        // a management user with no permissions anywhere
        broker.broker().users().putUser(User.withPassword("mgmt", "mgmt-secret", List.of("management")));
        http = ManagementHttp.at(broker.broker().managementPort(), "guest", "guest");
    }

    @Test
    void aDeclaredQueueIsListedWithItsArgumentTypes() throws Exception {
        Connection c = broker.newConnection();
        Channel ch = c.createChannel();
        ch.queueDeclare("listed-q", true, false, false, Map.of("x-max-length", 10));
        ch.basicPublish("", "listed-q", null, "hi".getBytes());

        ManagementHttp.Reply r = http.get("/api/queues/%2F/");
        assertEquals(200, r.status(), r::toString);
        JsonNode q = find(r.json(), "listed-q");
        assertEquals("/", q.get("vhost").asText());
        assertEquals("classic", q.get("type").asText());
        assertTrue(q.get("durable").isBoolean());
        assertTrue(q.get("arguments").get("x-max-length").isNumber(), q::toString);
        for (String f : List.of("messages", "messages_ready", "messages_unacknowledged", "consumers", "state",
                "node", "memory", "message_bytes")) {
            assertTrue(q.has(f), f);
        }
        assertTrue(find(http.get("/api/queues").json(), "listed-q") != null);
        ManagementHttp.Reply one = http.get("/api/queues/%2F/listed-q");
        assertEquals(200, one.status(), one::toString);
        assertEquals("listed-q", one.json().get("name").asText());
        assertEquals(404, http.get("/api/queues/%2F/no-such-queue").status());
    }

    @Test
    void exchangesIncludeTheDefaultAndAmqDirect() {
        ManagementHttp.Reply r = http.get("/api/exchanges/%2F");
        assertEquals(200, r.status(), r::toString);
        JsonNode direct = find(r.json(), "amq.direct");
        assertEquals("direct", direct.get("type").asText());
        assertTrue(direct.get("internal").isBoolean());
        assertTrue(find(r.json(), "") != null, "the default exchange is listed");
        ManagementHttp.Reply one = http.get("/api/exchanges/%2F/amq.topic");
        assertEquals(200, one.status(), one::toString);
        assertEquals("topic", one.json().get("type").asText());
        assertEquals(404, http.get("/api/exchanges/%2F/no-such-exchange").status());
    }

    @Test
    void unknownVhostIs404AndNoAccessIs401() {
        assertEquals(404, http.get("/api/queues/no-such-vhost").status());
        ManagementHttp.Reply r = http.as("mgmt", "mgmt-secret").get("/api/queues/%2F");
        assertEquals(401, r.status(), r::toString);
        ManagementHttp.Reply all = http.as("mgmt", "mgmt-secret").get("/api/queues");
        assertEquals(200, all.status(), all::toString);
        assertEquals(0, all.json().size(), "no vhost is visible to a user without permissions");
    }

    private static JsonNode find(JsonNode array, String name) {
        for (JsonNode n : array) {
            if (name.equals(n.get("name").asText())) {
                return n;
            }
        }
        throw new AssertionError(name + " not in " + array);
    }

    @Test
    void theHeadMessagesTimestampIsShownAndFollowsTheHead() throws Exception {
        try (var c = broker.newConnection(); var ch = c.createChannel()) {
            ch.queueDeclare("stamped", false, false, true, null);
            assertTrue(http.get("/api/queues/%2F/stamped").json().get("head_message_timestamp").isNull(), "empty queue");
            ch.basicPublish("", "stamped", new com.rabbitmq.client.AMQP.BasicProperties.Builder()
                    .timestamp(new java.util.Date(1_700_000_000_000L)).build(), "a".getBytes());
            ch.basicPublish("", "stamped", null, "b".getBytes());
            io.warrenmq.it.Await.until("the head's timestamp", () ->
                    http.get("/api/queues/%2F/stamped").json().get("head_message_timestamp").asLong() == 1_700_000_000L);
            ch.basicGet("stamped", true);
            io.warrenmq.it.Await.until("the new head has none", () ->
                    http.get("/api/queues/%2F/stamped").json().get("head_message_timestamp").isNull());
            assertEquals(1, http.get("/api/queues/%2F/stamped").json().get("message_bytes_ready").asInt());
        }
    }
}
