package io.warrenmq.it.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.warrenmq.auth.User;
import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.management.ManagementOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/overview}: every field of research doc A.3 with its JSON type, the node facts
 * for monitoring users only, and the refusal of a user without a management tag.
 */
class OverviewIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagement(ManagementOptions.ephemeral()));

    static ManagementHttp http;

    @BeforeAll
    static void users() {
        broker.broker().users().putUser(User.withPassword("mgmt", "mgmt-secret", List.of("management")));
        broker.broker().users().putUser(User.withPassword("app", "app-secret", List.of()));
        http = ManagementHttp.at(broker.broker().managementPort(), "guest", "guest");
    }

    @Test
    void theOverviewHasEveryFieldWithRabbitMqsTypes() {
        ManagementHttp.Reply r = http.get("/api/overview");
        assertEquals(200, r.status(), r::toString);
        JsonNode o = r.json();
        for (String text : List.of("management_version", "rates_mode", "product_version", "product_name",
                "rabbitmq_version", "cluster_name", "erlang_version", "erlang_full_version", "node")) {
            assertTrue(o.path(text).isTextual(), text + " in " + o);
        }
        assertEquals("basic", o.get("rates_mode").asText());
        assertEquals("Warren", o.get("product_name").asText());
        assertEquals(broker.broker().config().compatibilityVersion(), o.get("rabbitmq_version").asText());
        assertTrue(o.get("erlang_version").asText().startsWith("Java "), o::toString);
        for (String bool : List.of("disable_stats", "enable_queue_totals", "is_op_policy_updating_enabled")) {
            assertTrue(o.path(bool).isBoolean(), bool);
        }
        assertFalse(o.get("disable_stats").asBoolean());
        assertTrue(o.get("is_op_policy_updating_enabled").asBoolean());
        assertEquals("[600,3600,28800,86400]", o.get("sample_retention_policies").get("global").toString());
        assertEquals("[600,3600]", o.get("sample_retention_policies").get("basic").toString());
        assertEquals("[600]", o.get("sample_retention_policies").get("detailed").toString());

        List<String> types = new ArrayList<>();
        o.get("exchange_types").forEach(t -> {
            types.add(t.get("name").asText());
            assertTrue(t.get("description").isTextual() && t.get("enabled").isBoolean(), t::toString);
        });
        assertTrue(types.containsAll(List.of("direct", "fanout", "topic", "headers")), types::toString);

        assertTrue(o.get("message_stats").isObject());
        assertTrue(o.get("churn_rates").isObject());
        assertTrue(o.get("churn_rates").path("connection_created").isNumber(), o::toString);
        JsonNode qt = o.get("queue_totals");
        for (String f : List.of("messages", "messages_ready", "messages_unacknowledged")) {
            assertTrue(qt.path(f).isNumber(), f);
            assertTrue(qt.path(f + "_details").path("rate").isNumber(), f);
        }
        JsonNode ot = o.get("object_totals");
        for (String f : List.of("queues", "exchanges", "connections", "channels", "consumers")) {
            assertTrue(ot.path(f).isInt(), f + " in " + ot);
        }
        assertEquals(0, o.get("statistics_db_event_queue").asInt());

        List<String> protocols = new ArrayList<>();
        o.get("listeners").forEach(l -> {
            protocols.add(l.get("protocol").asText());
            assertTrue(l.get("port").isInt() && l.get("ip_address").isTextual() && l.get("socket_opts").isObject());
            assertEquals(o.get("node").asText(), l.get("node").asText());
        });
        assertTrue(protocols.containsAll(List.of("amqp", "http")), protocols::toString);
        JsonNode ctx = o.get("contexts").get(0);
        assertEquals("RabbitMQ Management", ctx.get("description").asText());
        assertEquals("/", ctx.get("path").asText());
        assertEquals(Integer.toString(broker.broker().managementPort()), ctx.get("port").asText());
    }

    @Test
    void aPlainManagementUserSeesNoNodeFacts() {
        ManagementHttp.Reply r = http.as("mgmt", "mgmt-secret").get("/api/overview");
        assertEquals(200, r.status(), r::toString);
        assertTrue(r.json().has("rabbitmq_version"));
        assertTrue(r.json().has("object_totals"));
        assertFalse(r.json().has("listeners"), r::toString);
        assertFalse(r.json().has("node"), r::toString);
    }

    @Test
    void aUserWithoutAManagementTagIsRefused() {
        ManagementHttp.Reply r = http.as("app", "app-secret").get("/api/overview");
        assertEquals(401, r.status(), r::toString);
        assertEquals("Not management user", r.json().get("reason").asText());
    }
}
