package io.warrenmq.it.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.warrenmq.it.Await;
import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.management.ManagementOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Message statistics counted on the AMQP message path and sampled every 5 s: the overview's
 * message_stats and churn_rates after real traffic, and rates with samples once the sampler ran
 * twice (polled for, never timed).
 */
class MessageStatsIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagement(ManagementOptions.ephemeral()));

    static ManagementHttp http;

    @BeforeAll
    static void client() {
        http = ManagementHttp.at(broker.broker().managementPort(), "guest", "guest");
    }

    private static long stat(JsonNode o, String group, String field) {
        return o.path(group).path(field).asLong(-1);
    }

    @Test
    void publishesConfirmsGetsAcksAndUnroutablesAreCounted() throws Exception {
        String q = EmbeddedBroker.uniqueName("stats");
        JsonNode before = http.get("/api/overview").json();
        long publish0 = Math.max(0, stat(before, "message_stats", "publish"));
        long unroutable0 = Math.max(0, stat(before, "message_stats", "drop_unroutable"));
        long returned0 = Math.max(0, stat(before, "message_stats", "return_unroutable"));
        long get0 = Math.max(0, stat(before, "message_stats", "get"));
        long ack0 = Math.max(0, stat(before, "message_stats", "ack"));
        long confirm0 = Math.max(0, stat(before, "message_stats", "confirm"));
        long empty0 = Math.max(0, stat(before, "message_stats", "get_empty"));
        try (Connection c = broker.newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare(q, false, false, true, null);
            ch.confirmSelect();
            for (int i = 0; i < 5; i++) {
                ch.basicPublish("", q, null, ("m" + i).getBytes(StandardCharsets.UTF_8));
            }
            ch.basicPublish("", "no-such-queue-" + q, null, new byte[0]); // dropped
            ch.basicPublish("", "no-such-queue-" + q, true, null, new byte[0]); // returned
            ch.waitForConfirmsOrDie(10_000);
            for (int i = 0; i < 2; i++) {
                GetResponse g = Await.result("a message in " + q, () -> ch.basicGet(q, false), r -> r != null);
                ch.basicAck(g.getEnvelope().getDeliveryTag(), false);
            }
            ch.queuePurge(q);
            assertEquals(null, ch.basicGet(q, true)); // get-empty
            JsonNode o = Await.result("the sampler counted the traffic", () -> http.get("/api/overview").json(),
                    j -> stat(j, "message_stats", "publish") >= publish0 + 7
                            && stat(j, "message_stats", "ack") >= ack0 + 2
                            && stat(j, "message_stats", "get_empty") >= empty0 + 1);
            JsonNode ms = o.get("message_stats");
            assertEquals(publish0 + 7, ms.get("publish").asLong(), ms::toString);
            assertEquals(unroutable0 + 1, ms.get("drop_unroutable").asLong(), ms::toString);
            assertEquals(returned0 + 1, ms.get("return_unroutable").asLong(), ms::toString);
            assertEquals(get0 + 2, ms.get("get").asLong(), ms::toString);
            assertEquals(ack0 + 2, ms.get("ack").asLong(), ms::toString);
            assertEquals(confirm0 + 7, ms.get("confirm").asLong(), ms::toString);
            assertEquals(empty0 + 1, ms.get("get_empty").asLong(), ms::toString);
            assertTrue(ms.get("publish_details").get("rate").isNumber(), ms::toString);
            assertTrue(ms.get("deliver_get").asLong() >= 2, ms::toString);
            // the same sample, per queue and per exchange (KEDA reads these rates)
            JsonNode queue = http.get("/api/queues/%2F/" + q).json();
            JsonNode qs = queue.get("message_stats");
            assertNotNull(qs, queue::toString);
            assertEquals(5, qs.get("publish").asLong(), qs::toString);
            assertEquals(2, qs.get("get").asLong(), qs::toString);
            assertEquals(2, qs.get("ack").asLong(), qs::toString);
            assertEquals(2, qs.get("deliver_get").asLong(), qs::toString);
            assertTrue(qs.get("publish_details").get("rate").isNumber(), qs::toString);
            assertTrue(qs.get("deliver_get_details").get("rate").isNumber(), qs::toString);
            assertTrue(queue.get("messages_details").get("rate").isNumber(), queue::toString);
            assertTrue(queue.get("messages_ready_details").get("rate").isNumber(), queue::toString);
            assertTrue(queue.get("messages_unacknowledged_details").get("rate").isNumber(), queue::toString);
            JsonNode listed = null;
            for (JsonNode n : http.get("/api/queues/%2F").json()) {
                if (n.get("name").asText().equals(q)) {
                    listed = n;
                }
            }
            assertNotNull(listed);
            assertEquals(5, listed.get("message_stats").get("publish").asLong(), listed::toString);
            JsonNode x = http.get("/api/exchanges/%2F/amq.default").json();
            assertTrue(x.get("message_stats").get("publish_in").asLong() >= 7, x::toString);
            assertTrue(x.get("message_stats").get("publish_in_details").get("rate").isNumber(), x::toString);
            JsonNode idle = http.get("/api/exchanges/%2F/amq.headers").json();
            assertFalse(idle.has("message_stats"), "as RabbitMQ: no message_stats before any traffic: " + idle);
            JsonNode churn = o.get("churn_rates");
            assertTrue(churn.get("connection_created").asLong() >= 1, churn::toString);
            assertTrue(churn.get("channel_created").asLong() >= 1, churn::toString);
            assertTrue(churn.get("queue_declared").asLong() >= 1, churn::toString);
            assertTrue(churn.get("queue_created").asLong() >= 1, churn::toString);
            assertTrue(churn.get("connection_created_details").get("rate").isNumber(), churn::toString);
        }
    }

    @Test
    void ratesComeWithSamplesWhenARangeIsAsked() throws Exception {
        String q = EmbeddedBroker.uniqueName("rates");
        try (Connection c = broker.newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare(q, false, false, true, null);
            ch.basicPublish("", q, null, new byte[1]);
            // two samples after the publish make a non-zero rate; poll until the sampler took them
            JsonNode o = Await.result("a publish rate", Duration.ofSeconds(60),
                    () -> http.get("/api/overview?msg_rates_age=60&msg_rates_incr=5").json(),
                    j -> j.path("message_stats").path("publish_details").has("samples"));
            JsonNode d = o.get("message_stats").get("publish_details");
            assertTrue(d.get("rate").isNumber(), d::toString);
            assertTrue(d.get("avg_rate").isNumber() && d.get("avg").isNumber(), d::toString);
            JsonNode samples = d.get("samples");
            assertEquals(13, samples.size(), d::toString);
            long newest = samples.get(0).get("timestamp").asLong();
            assertEquals(0, newest % 5000, "samples on multiples of the increment");
            assertEquals(newest - 5000, samples.get(1).get("timestamp").asLong());
            assertTrue(samples.get(0).get("sample").asLong() >= samples.get(12).get("sample").asLong());
            JsonNode lengths = Await.result("queue length samples", Duration.ofSeconds(60),
                    () -> http.get("/api/queues/%2F/" + q + "?lengths_age=60&lengths_incr=5").json(),
                    // the newest sample point is the last multiple of 5 s: it sees the message once a
                    // sample after the publish is older than that point
                    j -> j.path("messages_details").path("samples").path(0).path("sample").asLong() >= 1);
            assertEquals(13, lengths.get("messages_details").get("samples").size(), lengths::toString);
            assertEquals(1, lengths.get("messages_ready_details").get("samples").get(0).get("sample").asLong(),
                    lengths::toString);
            // and a rate over the last interval once a later sample saw the publish
            Await.result("a non-zero rate", Duration.ofSeconds(60),
                    () -> {
                        ch.basicPublish("", q, null, new byte[1]);
                        return http.get("/api/overview").json();
                    },
                    j -> j.path("message_stats").path("publish_details").path("rate").asDouble() > 0);
        }
    }
}
