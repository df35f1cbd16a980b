package io.warrenmq.it.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import io.warrenmq.it.Await;
import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.management.ManagementOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Figures of a queue and a channel that tools graph: messages_persistent and
 * message_bytes_persistent (persistent messages of a durable queue, ready and unacknowledged, as
 * RabbitMQ counts them), the queue's memory estimate, and a channel's message rates.
 */
class QueueFiguresIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagement(ManagementOptions.ephemeral()));

    static ManagementHttp http;

    @BeforeAll
    static void client() {
        http = ManagementHttp.at(broker.broker().managementPort(), "guest", "guest");
    }

    private static JsonNode queue(String name) {
        return http.get("/api/queues/%2F/" + name).json();
    }

    @Test
    void persistentMessagesOfADurableQueueAreCountedReadyAndUnacknowledged() throws Exception {
        String q = EmbeddedBroker.uniqueName("persistent");
        String transientQueue = EmbeddedBroker.uniqueName("transient");
        try (Connection c = broker.newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare(q, true, false, false, null);
            ch.queueDeclare(transientQueue, false, false, true, null);
            ch.confirmSelect();
            for (int i = 0; i < 3; i++) {
                ch.basicPublish("", q, MessageProperties.PERSISTENT_BASIC, new byte[100]);
                ch.basicPublish("", transientQueue, MessageProperties.PERSISTENT_BASIC, new byte[100]);
            }
            ch.basicPublish("", q, MessageProperties.BASIC, new byte[50]); // transient: not counted
            ch.waitForConfirmsOrDie(10_000);
            GetResponse held = ch.basicGet(q, false); // the first persistent one, now unacknowledged

            JsonNode j = Await.result("the figures are published", () -> queue(q),
                    n -> n.get("messages").asLong() == 4 && n.get("messages_unacknowledged").asLong() == 1);
            assertEquals(3, j.get("messages_persistent").asLong(), j::toString);
            assertEquals(300, j.get("message_bytes_persistent").asLong(), j::toString);
            assertEquals(350, j.get("message_bytes").asLong(), j::toString);

            JsonNode t = Await.result("the transient queue's figures", () -> queue(transientQueue),
                    n -> n.get("messages").asLong() == 3);
            // RabbitMQ counts a message as persistent only in a durable queue
            assertEquals(0, t.get("messages_persistent").asLong(), t::toString);
            assertEquals(0, t.get("message_bytes_persistent").asLong(), t::toString);

            ch.basicAck(held.getEnvelope().getDeliveryTag(), false);
            ch.queuePurge(q);
            JsonNode after = Await.result("the queue is empty", () -> queue(q), n -> n.get("messages").asLong() == 0);
            assertEquals(0, after.get("messages_persistent").asLong(), after::toString);
            assertEquals(0, after.get("message_bytes_persistent").asLong(), after::toString);
            ch.queueDelete(q);
        }
    }

    @Test
    void aQueuesMemoryGrowsWithTheBodiesItHolds() throws Exception {
        String q = EmbeddedBroker.uniqueName("memory");
        try (Connection c = broker.newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare(q, false, false, true, null);
            long empty = Await.result("the queue is listed", () -> queue(q), n -> n.has("memory")).get("memory").asLong();
            assertTrue(empty > 0, "an empty queue still takes memory: " + empty);
            ch.confirmSelect();
            for (int i = 0; i < 100; i++) {
                ch.basicPublish("", q, null, new byte[10_000]);
            }
            ch.waitForConfirmsOrDie(10_000);
            JsonNode full = Await.result("100 messages", () -> queue(q), n -> n.get("messages").asLong() == 100);
            long memory = full.get("memory").asLong();
            assertTrue(memory >= empty + 1_000_000, "100 bodies of 10 kB: " + memory + " (empty " + empty + ")");
            assertTrue(memory < empty + 2_000_000, "an estimate near the bodies' size: " + memory);
        }
    }

    @Test
    void aPublishingChannelShowsAPublishRate() throws Exception {
        String q = EmbeddedBroker.uniqueName("rate");
        AtomicBoolean stop = new AtomicBoolean();
        try (Connection c = broker.newConnection(broker.connectionFactory()); Channel ch = c.createChannel()) {
            ch.queueDeclare(q, false, false, true, null);
            Thread publisher = new Thread(() -> {
                try (Channel p = c.createChannel()) {
                    p.confirmSelect();
                    while (!stop.get()) {
                        // paced by the broker's confirms, not by time: a steady rate, a bounded backlog
                        for (int i = 0; i < 20; i++) {
                            p.basicPublish("", q, (AMQP.BasicProperties) null, new byte[10]);
                        }
                        p.waitForConfirmsOrDie(10_000);
                    }
                } catch (Exception e) {
                    // the connection closes when the test ends
                }
            });
            publisher.start();
            try {
                String name = URLEncoder.encode(Await.result("the connection is listed",
                        () -> http.get("/api/connections").json(), n -> n.size() > 0).get(0).get("name").asText(),
                        StandardCharsets.UTF_8).replace("+", "%20");
                // rates are measured over windows of 5 s between looks: poll until one has passed
                JsonNode chan = Await.result("a channel's publish rate", Duration.ofSeconds(30),
                        () -> http.get("/api/connections/" + name + "/channels").json(),
                        n -> n.size() == 2 && n.get(1).path("message_stats").path("publish_details")
                                .path("rate").asDouble() > 0);
                JsonNode ms = chan.get(1).get("message_stats");
                assertTrue(ms.get("publish").asLong() > 0, ms::toString);
                assertEquals(0.0, ms.get("deliver_details").get("rate").asDouble(), ms::toString);
            } finally {
                stop.set(true);
                publisher.join(10_000);
            }
        }
    }
}
