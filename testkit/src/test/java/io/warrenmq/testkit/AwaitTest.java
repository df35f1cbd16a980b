package io.warrenmq.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** awaitMessages, awaitQueueDepth, awaitConsumers: what they return and what their failures say. */
class AwaitTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration SHORT = Duration.ofMillis(200);

    @RegisterExtension
    static WarrenExtension warren = WarrenExtension.withTopology(Topology.builder()
            .exchange("events", "topic")
            .queue("inbox")
            .bind("events", "inbox", "user.#")
            .build());

    @Test
    void awaitMessagesReturnsMessagesPublishedLaterWithTheirDetails(Channel ch, WarrenBroker broker) {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/json")
                .correlationId("c-1").headers(Map.of("tenant", "acme", "attempt", 2)).build();
        CompletableFuture<Void> later = CompletableFuture.runAsync(() -> {
            try {
                TimeUnit.MILLISECONDS.sleep(100);
                ch.basicPublish("events", "user.created", props, "{\"id\":1}".getBytes(StandardCharsets.UTF_8));
                ch.basicPublish("events", "user.deleted", null, new byte[] {1, 2, 3});
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<ReceivedMessage> got = broker.awaitMessages("inbox", 2, WAIT);
        later.join();
        assertEquals(2, got.size());
        ReceivedMessage first = got.get(0);
        assertEquals("events", first.exchange());
        assertEquals("user.created", first.routingKey());
        assertEquals("{\"id\":1}", first.text());
        assertEquals("application/json", first.properties().getContentType());
        assertEquals("c-1", first.properties().getCorrelationId());
        assertEquals("acme", first.header("tenant")); // a String, not the client's LongString
        assertEquals(2, first.header("attempt"));
        assertFalse(first.redelivered());
        assertArrayEquals(new byte[] {1, 2, 3}, got.get(1).body());
        assertEquals(Map.of(), got.get(1).headers());
        assertEquals(0, broker.queueDepth("inbox"), "awaitMessages consumes what it returns");
    }

    @Test
    void awaitMessagesLeavesMessagesBeyondTheCount(Channel ch, WarrenBroker broker) throws Exception {
        for (int i = 0; i < 3; i++) {
            ch.basicPublish("", "inbox", null, ("m" + i).getBytes());
        }
        assertEquals("m0", broker.awaitMessages("inbox", 1, WAIT).get(0).text());
        broker.awaitQueueDepth("inbox", 2, WAIT);
    }

    @Test
    void awaitMessagesFailureSaysHowManyArrivedAndWhatTheQueueHolds(Channel ch, WarrenBroker broker)
            throws Exception {
        ch.basicPublish("events", "user.one", null, "only one".getBytes());
        AssertionError e = assertThrows(AssertionError.class, () -> broker.awaitMessages("inbox", 3, SHORT));
        assertEquals("expected 3 messages from queue 'inbox' in vhost '/' within 200 ms, but 1 arrived: "
                + "[message from exchange 'events' with routing key 'user.one' (8 bytes: only one)]; "
                + "the queue now has 0 ready messages and 0 consumers; the journal: queue 'inbox' received 1 message; "
                + "received (1): [message to exchange 'events' with routing key 'user.one' → queues [inbox] (8 bytes: "
                + "only one)]", e.getMessage());
    }

    @Test
    void awaitMessagesFailureNamesAConsumerThatTakesTheMessages(Channel ch, WarrenBroker broker) throws Exception {
        ch.basicConsume("inbox", true, new DefaultConsumer(ch));
        broker.awaitConsumers("inbox", 1, WAIT);
        AssertionError e = assertThrows(AssertionError.class, () -> broker.awaitMessages("inbox", 1, SHORT));
        assertTrue(e.getMessage().contains("1 consumer (a consumer takes messages before awaitMessages sees them); "
                + "the journal: queue 'inbox' received 0 messages"), e.getMessage());
    }

    @Test
    void awaitMessagesWaitsForAQueueThatDoesNotExistYet(Channel ch, WarrenBroker broker) {
        CompletableFuture<Void> later = CompletableFuture.runAsync(() -> {
            try {
                TimeUnit.MILLISECONDS.sleep(100);
                ch.queueDeclare("late", false, false, false, null);
                ch.basicPublish("", "late", null, "finally".getBytes());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals("finally", broker.awaitMessages("late", 1, WAIT).get(0).text());
        later.join();
        AssertionError e = assertThrows(AssertionError.class, () -> broker.awaitMessages("never", 1, SHORT));
        assertTrue(e.getMessage().contains("but 0 arrived; there is no queue 'never' in vhost '/'; the journal: "
                + "queue 'never' received 0 messages"), e.getMessage());
    }

    @Test
    void awaitQueueDepthSucceedsAndItsFailureSaysTheDepth(Channel ch, WarrenBroker broker) throws Exception {
        ch.basicPublish("", "inbox", null, new byte[0]);
        ch.basicPublish("", "inbox", null, new byte[0]);
        broker.awaitQueueDepth("inbox", 2, WAIT);
        AssertionError e = assertThrows(AssertionError.class, () -> broker.awaitQueueDepth("inbox", 5, SHORT));
        assertEquals("expected queue 'inbox' in vhost '/' to have 5 ready messages within 200 ms, but it has 2",
                e.getMessage());
        AssertionError missing = assertThrows(AssertionError.class, () -> broker.awaitQueueDepth("none", 0, SHORT));
        assertTrue(missing.getMessage().endsWith("but there is no such queue"), missing.getMessage());
    }

    @Test
    void awaitConsumersSucceedsAndItsFailureSaysTheCount(Channel ch, WarrenBroker broker) throws Exception {
        String tag = ch.basicConsume("inbox", false, new DefaultConsumer(ch));
        broker.awaitConsumers("inbox", 1, WAIT);
        assertEquals(1, broker.consumerCount("inbox"));
        ch.basicCancel(tag);
        broker.awaitConsumers("inbox", 0, WAIT);
        AssertionError e = assertThrows(AssertionError.class, () -> broker.awaitConsumers("inbox", 2, SHORT));
        assertEquals("expected queue 'inbox' in vhost '/' to have 2 consumers within 200 ms, but it has 0",
                e.getMessage());
    }
}
