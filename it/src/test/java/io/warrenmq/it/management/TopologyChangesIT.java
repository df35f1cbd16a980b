package io.warrenmq.it.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.warrenmq.auth.Permissions;
import io.warrenmq.auth.User;
import io.warrenmq.it.Await;
import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.management.ManagementOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Changing topology over HTTP, checked from both sides: what the API answers (201/204/404/400/401,
 * Location, properties_key, routed) and what a Java-client connection then sees on the broker. The
 * changes go through the same AMQP command code, so a user without configure permission is refused
 * over HTTP exactly as over AMQP.
 */
class TopologyChangesIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagement(ManagementOptions.ephemeral()));

    static ManagementHttp admin;
    static ManagementHttp reader; // may read and write in "/", not configure
    static ManagementHttp outsider; // management tag, no permissions at all

    @BeforeAll
    static void users() {
        broker.broker().users().putUser(User.withPassword("reader", "reader-secret", List.of("management")));
        broker.broker().users().setPermissions("reader", "/", Permissions.of("", ".*", ".*"));
        broker.broker().users().putUser(User.withPassword("outsider", "outsider-secret", List.of("management")));
        admin = ManagementHttp.at(broker.broker().managementPort(), "guest", "guest");
        reader = admin.as("reader", "reader-secret");
        outsider = admin.as("outsider", "outsider-secret");
    }

    private static Channel channel() throws IOException, java.util.concurrent.TimeoutException {
        Connection c = broker.newConnection();
        return c.createChannel();
    }

    @Test
    void aQueuePutOverHttpIsARealQueue() throws Exception {
        ManagementHttp.Reply created = admin.put("/api/queues/%2F/http-q",
                "{\"durable\": \"true\", \"auto_delete\": false, \"arguments\": {\"x-max-length\": 2}}");
        assertEquals(201, created.status(), created::toString);
        assertEquals(204, admin.put("/api/queues/%2F/http-q",
                "{\"durable\": true, \"arguments\": {\"x-max-length\": 2}}").status(), "same again: 204");

        // owned by an amqp-io loop, like a client's queue, not by the API's short-lived session loop
        String owner = broker.broker().vhosts().get("/").queue("http-q").loop()
                .submit(() -> Thread.currentThread().getName()).get();
        assertTrue(owner.startsWith("amqp-io"), owner);

        JsonNode q = admin.get("/api/queues/%2F/http-q").json();
        assertTrue(q.get("durable").asBoolean());
        assertEquals(2, q.get("arguments").get("x-max-length").asInt());
        // a Java client sees the same queue: a passive declare succeeds and the length limit holds
        Channel ch = channel();
        ch.queueDeclarePassive("http-q");
        for (int i = 0; i < 3; i++) {
            ch.basicPublish("", "http-q", null, ("m" + i).getBytes());
        }
        Await.until("two messages kept", () -> admin.get("/api/queues/%2F/http-q").json().get("messages").asLong() == 2);

        ManagementHttp.Reply different = admin.put("/api/queues/%2F/http-q", "{\"durable\": false}");
        assertEquals(400, different.status(), "inequivalent redeclare, as AMQP's 406: " + different);
        assertTrue(different.json().get("reason").asText().contains("durable"), different::toString);

        assertEquals(400, admin.delete("/api/queues/%2F/http-q?if-empty=true").status(), "not empty");
        assertEquals(204, admin.delete("/api/queues/%2F/http-q/contents").status());
        assertEquals(0, ch.queueDeclarePassive("http-q").getMessageCount());
        assertEquals(204, admin.delete("/api/queues/%2F/http-q?if-empty=true").status());
        assertEquals(404, admin.get("/api/queues/%2F/http-q").status());
        assertEquals(404, admin.delete("/api/queues/%2F/http-q").status());
        assertEquals(404, admin.put("/api/queues/no-such-vhost/q", "{}").status());
    }

    @Test
    void refusalsAreTheBrokersOwn() {
        ManagementHttp.Reply noConfigure = reader.put("/api/queues/%2F/reader-q", "{}");
        assertEquals(401, noConfigure.status(), noConfigure::toString);
        assertTrue(noConfigure.json().get("reason").asText().contains("ACCESS_REFUSED"), noConfigure::toString);
        assertEquals(404, admin.get("/api/queues/%2F/reader-q").status(), "nothing was declared");

        ManagementHttp.Reply noVhost = outsider.put("/api/queues/%2F/outsider-q", "{}");
        assertEquals(401, noVhost.status(), noVhost::toString);
        assertEquals(401, outsider.post("/api/exchanges/%2F/amq.default/publish",
                "{\"routing_key\":\"x\",\"properties\":{},\"payload\":\"p\",\"payload_encoding\":\"string\"}")
                .status());
        assertEquals(401, admin.anonymous().put("/api/queues/%2F/anon-q", "{}").status());

        ManagementHttp.Reply reserved = admin.put("/api/exchanges/%2F/amq.mine", "{\"type\":\"direct\"}");
        assertEquals(401, reserved.status(), "amq.* is refused as over AMQP (403): " + reserved);
        ManagementHttp.Reply badType = admin.put("/api/exchanges/%2F/bad-type", "{\"type\":\"no-such-type\"}");
        assertEquals(400, badType.status(), badType::toString);
        assertEquals(400, admin.put("/api/queues/%2F/bad-args", "{\"arguments\": [1]}").status());
        assertEquals(400, admin.put("/api/queues/%2F/bad-bool", "{\"durable\": \"yes\"}").status());
        assertEquals(400, admin.put("/api/queues/%2F/not-json", "{").status());
    }

    @Test
    void exchangesAndBindingsRoundTripTheirPropertiesKey() throws Exception {
        assertEquals(201, admin.put("/api/exchanges/%2F/http-x", "{\"type\":\"topic\",\"durable\":true}").status());
        assertEquals(201, admin.put("/api/queues/%2F/http-bq", "{}").status());
        assertEquals("topic", admin.get("/api/exchanges/%2F/http-x").json().get("type").asText());

        ManagementHttp.Reply bound = admin.post("/api/bindings/%2F/e/http-x/q/http-bq",
                "{\"routing_key\": \"eu.#\", \"arguments\": {}}");
        assertEquals(201, bound.status(), bound::toString);
        assertEquals("http-bq/eu.%2523", bound.header("Location"), "relative, the key quoted then escaped");
        ManagementHttp.Reply withArgs = admin.post("/api/bindings/%2F/e/http-x/q/http-bq",
                "{\"routing_key\": \"us\", \"arguments\": {\"x-tag\": 7}}");
        assertEquals(201, withArgs.status(), withArgs::toString);

        JsonNode between = admin.get("/api/bindings/%2F/e/http-x/q/http-bq").json();
        assertEquals(2, between.size(), between::toString);
        JsonNode eu = StreamSupport.stream(between.spliterator(), false)
                .filter(b -> b.get("routing_key").asText().equals("eu.#")).findFirst().orElseThrow();
        assertEquals("eu.%23", eu.get("properties_key").asText());
        assertEquals("queue", eu.get("destination_type").asText());
        JsonNode us = StreamSupport.stream(between.spliterator(), false)
                .filter(b -> b.get("routing_key").asText().equals("us")).findFirst().orElseThrow();
        assertTrue(us.get("properties_key").asText().startsWith("us~"), us::toString);
        assertEquals(7, us.get("arguments").get("x-tag").asInt());

        // the binding routes: a client publishes through it
        Channel ch = channel();
        ch.basicPublish("http-x", "eu.de", null, "routed".getBytes());
        Await.until("routed through the HTTP binding", () -> ch.messageCount("http-bq") == 1);

        // listings: the queue's, the exchange's, the vhost's (with the default exchange's implicit one)
        assertEquals(3, admin.get("/api/queues/%2F/http-bq/bindings").json().size(), "2 + the default's");
        assertEquals(2, admin.get("/api/exchanges/%2F/http-x/bindings/source").json().size());
        assertTrue(admin.get("/api/bindings/%2F").json().toString().contains("\"destination\":\"http-bq\""));
        assertTrue(admin.get("/api/bindings").json().size() >= 3);

        // one by properties_key, as the Location named it (percent-escaped once more in the path)
        ManagementHttp.Reply one = admin.get("/api/bindings/%2F/e/http-x/q/http-bq/eu.%2523");
        assertEquals(200, one.status(), one::toString);
        assertEquals("eu.#", one.json().get("routing_key").asText());
        String usKey = java.net.URLEncoder.encode(us.get("properties_key").asText(), StandardCharsets.UTF_8);
        assertEquals(204, admin.delete("/api/bindings/%2F/e/http-x/q/http-bq/" + usKey).status());
        assertEquals(404, admin.delete("/api/bindings/%2F/e/http-x/q/http-bq/" + usKey).status());
        assertEquals(1, admin.get("/api/bindings/%2F/e/http-x/q/http-bq").json().size());
        assertEquals(404, admin.get("/api/bindings/%2F/e/http-x/q/no-such-queue").status());

        // exchange to exchange
        assertEquals(201, admin.put("/api/exchanges/%2F/http-x2", "{\"type\":\"fanout\"}").status());
        assertEquals(201, admin.post("/api/bindings/%2F/e/http-x/e/http-x2", "{\"routing_key\":\"\"}").status());
        assertEquals("~", admin.get("/api/bindings/%2F/e/http-x/e/http-x2").json().get(0).get("properties_key")
                .asText());
        assertEquals(1, admin.get("/api/exchanges/%2F/http-x2/bindings/destination").json().size());
        assertEquals(204, admin.delete("/api/bindings/%2F/e/http-x/e/http-x2/~").status());

        assertEquals(400, admin.delete("/api/exchanges/%2F/http-x?if-unused=true").status(), "still bound");
        assertEquals(204, admin.delete("/api/exchanges/%2F/http-x").status());
        assertEquals(404, admin.get("/api/exchanges/%2F/http-x").status());
        assertEquals(404, admin.delete("/api/exchanges/%2F/http-x").status());
        assertEquals(204, admin.delete("/api/exchanges/%2F/http-x2").status());
        assertEquals(204, admin.delete("/api/queues/%2F/http-bq").status());
    }

    @Test
    void publishAndGetCarryPayloadsAndProperties() throws Exception {
        assertEquals(201, admin.put("/api/queues/%2F/http-mq", "{}").status());
        ManagementHttp.Reply routed = admin.post("/api/exchanges/%2F/amq.default/publish",
                "{\"routing_key\":\"http-mq\",\"payload\":\"héllo\",\"payload_encoding\":\"string\","
                        + "\"properties\":{\"content_type\":\"text/plain\",\"delivery_mode\":2,"
                        + "\"headers\":{\"tenant\":\"acme\",\"n\":5},\"correlation_id\":\"c-1\"}}");
        assertEquals(200, routed.status(), routed::toString);
        assertTrue(routed.json().get("routed").asBoolean());
        ManagementHttp.Reply unrouted = admin.post("/api/exchanges/%2F/amq.default/publish",
                "{\"routing_key\":\"nowhere\",\"payload\":\"x\",\"payload_encoding\":\"string\",\"properties\":{}}");
        assertFalse(unrouted.json().get("routed").asBoolean(), unrouted::toString);
        assertEquals(200, admin.post("/api/exchanges/%2F/amq.default/publish",
                "{\"routing_key\":\"http-mq\",\"payload\":\"AP8=\",\"payload_encoding\":\"base64\",\"properties\":{}}")
                .status());

        // a Java client sees what HTTP published, properties included
        Channel ch = channel();
        Await.until("both queued", () -> ch.messageCount("http-mq") == 2);
        GetResponse first = ch.basicGet("http-mq", false);
        assertEquals("héllo", new String(first.getBody(), StandardCharsets.UTF_8));
        AMQP.BasicProperties p = first.getProps();
        assertEquals("text/plain", p.getContentType());
        assertEquals(2, p.getDeliveryMode());
        assertEquals("c-1", p.getCorrelationId());
        assertEquals("acme", p.getHeaders().get("tenant").toString());
        ch.basicNack(first.getEnvelope().getDeliveryTag(), false, true);

        // get with requeue leaves both; get with ack_requeue_false takes them
        ManagementHttp.Reply peek = admin.post("/api/queues/%2F/http-mq/get",
                "{\"count\":\"5\",\"ackmode\":\"ack_requeue_true\",\"encoding\":\"auto\",\"truncate\":50000}");
        assertEquals(200, peek.status(), peek::toString);
        JsonNode msgs = peek.json();
        assertEquals(2, msgs.size(), msgs::toString);
        JsonNode m0 = msgs.get(0);
        assertEquals("héllo", m0.get("payload").asText());
        assertEquals("string", m0.get("payload_encoding").asText());
        assertEquals(6, m0.get("payload_bytes").asInt());
        assertTrue(m0.get("redelivered").asBoolean(), "the Java client's nack requeued it");
        assertEquals("", m0.get("exchange").asText());
        assertEquals("http-mq", m0.get("routing_key").asText());
        assertEquals(1, m0.get("message_count").asInt());
        assertEquals("text/plain", m0.get("properties").get("content_type").asText());
        assertEquals(5, m0.get("properties").get("headers").get("n").asInt());
        assertEquals("base64", msgs.get(1).get("payload_encoding").asText(), "0x00 0xFF is not UTF-8");
        assertEquals("AP8=", msgs.get(1).get("payload").asText());
        Await.until("requeued", () -> ch.messageCount("http-mq") == 2);

        JsonNode truncated = admin.post("/api/queues/%2F/http-mq/get",
                "{\"count\":1,\"ackmode\":\"reject_requeue_true\",\"encoding\":\"base64\",\"truncate\":2}").json();
        assertEquals("aMM=", truncated.get(0).get("payload").asText(), "first 2 bytes, base64 as asked");
        assertEquals(6, truncated.get(0).get("payload_bytes").asInt());
        assertEquals(2, ch.messageCount("http-mq"), "rejected with requeue");

        JsonNode taken = admin.post("/api/queues/%2F/http-mq/get",
                "{\"count\":10,\"ackmode\":\"ack_requeue_false\",\"encoding\":\"auto\"}").json();
        assertEquals(2, taken.size());
        assertEquals(0, ch.messageCount("http-mq"));

        assertEquals(400, admin.post("/api/queues/%2F/http-mq/get", "{\"count\":1,\"encoding\":\"auto\"}").status(),
                "ackmode is required, as in RabbitMQ");
        assertEquals(400, admin.post("/api/queues/%2F/http-mq/get",
                "{\"count\":1,\"ackmode\":\"sometimes\",\"encoding\":\"auto\"}").status());
        assertEquals(400, admin.post("/api/exchanges/%2F/amq.default/publish",
                "{\"routing_key\":\"http-mq\",\"payload\":\"x\",\"payload_encoding\":\"rot13\",\"properties\":{}}")
                .status());
        assertEquals(400, admin.post("/api/exchanges/%2F/amq.default/publish",
                "{\"routing_key\":\"http-mq\",\"payload\":\"x\",\"payload_encoding\":\"string\","
                        + "\"properties\":{\"no_such_property\":1}}").status());
        assertEquals(404, admin.post("/api/queues/%2F/no-such-q/get",
                "{\"count\":1,\"ackmode\":\"ack_requeue_true\",\"encoding\":\"auto\"}").status());

        // the reader may write and read but not configure: publish and get work for it
        assertTrue(reader.post("/api/exchanges/%2F/amq.default/publish",
                "{\"routing_key\":\"http-mq\",\"payload\":\"r\",\"payload_encoding\":\"string\",\"properties\":{}}")
                .json().get("routed").asBoolean());
        assertEquals("r", reader.post("/api/queues/%2F/http-mq/get",
                "{\"count\":1,\"ackmode\":\"ack_requeue_false\",\"encoding\":\"auto\"}").json().get(0)
                .get("payload").asText());
        assertEquals(204, admin.delete("/api/queues/%2F/http-mq").status());
    }

    @Test
    void theAlivenessTestDeclaresPublishesAndGets() {
        ManagementHttp.Reply r = admin.get("/api/aliveness-test/%2F");
        assertEquals(200, r.status(), r::toString);
        assertEquals("ok", r.json().get("status").asText());
        assertNotNull(admin.get("/api/queues/%2F/aliveness-test").json().get("name"), "left in place, as RabbitMQ");
        assertEquals(404, admin.get("/api/aliveness-test/no-such-vhost").status());
        assertEquals(401, outsider.get("/api/aliveness-test/%2F").status());
        assertEquals(401, reader.get("/api/aliveness-test/%2F").status(), "declaring needs configure");
    }

    @Test
    void theApisOwnSessionsLeaveNoConnectionsBehind() throws Exception {
        broker.broker().vhosts().create("churn", io.warrenmq.server.vhost.VhostMetadata.NONE);
        broker.broker().users().setPermissions("guest", "churn", Permissions.of(".*", ".*", ".*"));
        for (int i = 0; i < 20; i++) {
            assertEquals(i == 0 ? 201 : 204, admin.put("/api/queues/churn/churn-q", "{}").status());
        }
        assertEquals(204, admin.delete("/api/queues/churn/churn-q").status());
        Await.until("every direct session closed", () -> broker.broker().vhosts().connectionCount("churn") == 0);
    }
}
