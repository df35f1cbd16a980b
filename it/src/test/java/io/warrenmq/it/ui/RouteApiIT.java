package io.warrenmq.it.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.warrenmq.auth.Permissions;
import io.warrenmq.auth.User;
import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.it.management.ManagementHttp;
import io.warrenmq.management.ManagementOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /api/warren/route} over a real HTTP client, against topology declared by the
 * RabbitMQ Java client: the broker's router decides (topic, headers, exchange-to-exchange,
 * alternate exchange, CC), nothing is published, and the refusals are RabbitMQ-shaped.
 */
class RouteApiIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagement(ManagementOptions.ephemeral()));

    static ManagementHttp admin;

    @BeforeAll
    static void topology() throws Exception {
        admin = ManagementHttp.at(broker.broker().managementPort(), "guest", "guest");
        broker.broker().users().putUser(User.withPassword("reader", "reader-pw", List.of("management")));
        broker.broker().users().setPermissions("reader", "/", Permissions.of(".*", "^only-this$", ".*"));
        try (Connection c = broker.connectionFactory().newConnection(); Channel ch = c.createChannel()) {
            ch.exchangeDeclare("orders", "topic");
            ch.exchangeDeclare("by-format", "headers");
            ch.exchangeDeclare("unrouted", "fanout");
            ch.exchangeDeclare("with-ae", "direct", false, false, Map.of("alternate-exchange", "unrouted"));
            for (String q : List.of("eu-orders", "all-orders", "pdf", "lost", "audit")) {
                ch.queueDeclare(q, false, false, false, null);
            }
            ch.queueBind("eu-orders", "orders", "order.eu.*");
            ch.queueBind("all-orders", "orders", "order.#");
            ch.exchangeBind("by-format", "orders", "order.#");
            ch.queueBind("pdf", "by-format", "", Map.of("x-match", "all", "format", "pdf"));
            ch.queueBind("lost", "unrouted", "");
            ch.queueBind("audit", "orders", "audit");
        }
    }

    private static JsonNode route(String body) {
        ManagementHttp.Reply r = admin.post("/api/warren/route", body);
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        out.sort(null);
        return out;
    }

    @Test
    void topicBindingsAndAnExchangeToExchangeBindingDecide() {
        JsonNode r = route("{\"vhost\":\"/\",\"exchange\":\"orders\",\"routing_key\":\"order.eu.created\","
                + "\"headers\":{\"format\":\"pdf\"}}");
        assertTrue(r.get("routed").asBoolean());
        assertEquals(List.of("all-orders", "eu-orders", "pdf"), names(r.get("queues")));
        assertEquals(List.of("by-format", "orders"), names(r.get("exchanges")));
    }

    @Test
    void headersThatDoNotMatchLeaveTheHeadersQueueOut() {
        JsonNode r = route("{\"vhost\":\"/\",\"exchange\":\"orders\",\"routing_key\":\"order.us.created\","
                + "\"headers\":{\"format\":\"csv\"}}");
        assertEquals(List.of("all-orders"), names(r.get("queues")));
    }

    @Test
    void ccHeadersAddRoutingKeysAsForAPublish() {
        JsonNode r = route("{\"vhost\":\"/\",\"exchange\":\"orders\",\"routing_key\":\"nothing\","
                + "\"headers\":{\"CC\":[\"audit\"]}}");
        assertEquals(List.of("audit"), names(r.get("queues")));
    }

    @Test
    void anUnroutableMessageGoesToTheAlternateExchange() {
        JsonNode r = route("{\"vhost\":\"/\",\"exchange\":\"with-ae\",\"routing_key\":\"nobody\"}");
        assertEquals(List.of("lost"), names(r.get("queues")));
        assertEquals(List.of("unrouted", "with-ae"), names(r.get("exchanges")));
    }

    @Test
    void theDefaultExchangeRoutesByQueueNameAndNothingIsPublished() throws Exception {
        JsonNode r = route("{\"vhost\":\"/\",\"exchange\":\"amq.default\",\"routing_key\":\"eu-orders\"}");
        assertEquals(List.of("eu-orders"), names(r.get("queues")));
        JsonNode none = route("{\"vhost\":\"/\",\"exchange\":\"\",\"routing_key\":\"no-such-queue\"}");
        assertFalse(none.get("routed").asBoolean());
        assertEquals(0, admin.get("/api/queues/%2F/eu-orders").json().get("messages").asInt());
    }

    @Test
    void withoutCredentialsIs401() {
        ManagementHttp.Reply r = admin.anonymous().post("/api/warren/route", "{\"vhost\":\"/\",\"exchange\":\"orders\"}");
        assertEquals(401, r.status(), r::toString);
        assertEquals("not_authorized", r.json().get("error").asText());
    }

    @Test
    void withoutWritePermissionOnTheExchangeIs401() {
        ManagementHttp reader = admin.as("reader", "reader-pw");
        ManagementHttp.Reply r = reader.post("/api/warren/route", "{\"vhost\":\"/\",\"exchange\":\"orders\"}");
        assertEquals(401, r.status(), r::toString);
        assertEquals("not_authorised", r.json().get("error").asText());
        assertTrue(r.json().get("reason").asText().contains("orders"), r::toString);
    }

    @Test
    void anUnknownExchangeOrVhostIs404() {
        ManagementHttp.Reply x = admin.post("/api/warren/route", "{\"vhost\":\"/\",\"exchange\":\"no-such\"}");
        assertEquals(404, x.status(), x::toString);
        assertEquals("exchange_not_found", x.json().get("reason").asText());
        ManagementHttp.Reply v = admin.post("/api/warren/route", "{\"vhost\":\"nowhere\",\"exchange\":\"orders\"}");
        assertEquals(404, v.status(), v::toString);
        assertEquals("vhost_not_found", v.json().get("reason").asText());
    }

    @Test
    void badBodiesAre400() {
        ManagementHttp.Reply noVhost = admin.post("/api/warren/route", "{\"exchange\":\"orders\"}");
        assertEquals(400, noVhost.status(), noVhost::toString);
        assertEquals("{key_missing,vhost}", noVhost.json().get("reason").asText());
        ManagementHttp.Reply badHeaders = admin.post("/api/warren/route",
                "{\"vhost\":\"/\",\"exchange\":\"orders\",\"headers\":[1]}");
        assertEquals(400, badHeaders.status(), badHeaders::toString);
        ManagementHttp.Reply notJson = admin.post("/api/warren/route", "{nope");
        assertEquals(400, notJson.status(), notJson::toString);
        assertEquals("bad_request", notJson.json().get("error").asText());
    }

    @Test
    void getIsNotAllowed() {
        ManagementHttp.Reply r = admin.get("/api/warren/route");
        assertEquals(405, r.status(), r::toString);
    }
}
