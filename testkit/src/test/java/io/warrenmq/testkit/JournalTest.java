package io.warrenmq.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import io.warrenmq.server.observe.MessageObserver.Routing;
import io.warrenmq.server.observe.MessageObserver.Settlement;
import io.warrenmq.testkit.journal.DeliveredMessage;
import io.warrenmq.testkit.journal.MessageJournal;
import io.warrenmq.testkit.journal.PublishedMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The journal, used as a test would: clients publish, consume and settle through the RabbitMQ
 * Java client; the test reads {@code broker.journal()}. Every publish is confirmed (the confirm
 * follows the queues taking it) and every settlement is followed by a synchronous command on the
 * same channel, so the journal has seen what the test then reads.
 */
class JournalTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration SHORT = Duration.ofMillis(200);

    @RegisterExtension
    static WarrenExtension warren = WarrenExtension.withTopology(Topology.builder()
            .exchange("orders", "topic")
            .exchange("order", "direct")
            .exchange("broadcast", "fanout")
            .exchange("dlx", "fanout")
            .queue("billing")
            .queue("shipping")
            .queue("audit")
            .queue("work", q -> q.argument("x-dead-letter-exchange", "dlx"))
            .queue("dead")
            .bind("orders", "billing", "order.*")
            .bind("orders", "shipping", "order.created")
            .bind("broadcast", "billing", "")
            .bind("broadcast", "audit", "")
            .bind("dlx", "dead", "")
            .build());

    private static Channel confirming(Channel ch) throws IOException {
        ch.confirmSelect();
        return ch;
    }

    private static void publish(Channel ch, String exchange, String key, boolean mandatory, AMQP.BasicProperties p,
            String body) throws Exception {
        ch.basicPublish(exchange, key, mandatory, p, body.getBytes(StandardCharsets.UTF_8));
        ch.waitForConfirmsOrDie(WAIT.toMillis());
    }

    @Test
    void directPublishRecordsPropertiesHeadersBodyAndTheQueueItReached(Channel channel, WarrenBroker broker)
            throws Exception {
        Channel ch = confirming(channel);
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/json")
                .correlationId("c-7").deliveryMode(2).headers(Map.of("tenant", "acme", "attempt", 3)).build();
        publish(ch, "", "billing", false, props, "{\"id\":7}");

        MessageJournal journal = broker.journal();
        List<PublishedMessage> published = journal.published("");
        assertEquals(1, published.size());
        PublishedMessage m = published.get(0);
        assertEquals("/", m.vhost());
        assertEquals("", m.exchange());
        assertEquals("billing", m.routingKey());
        assertEquals(List.of("billing"), m.queues());
        assertEquals(Routing.ROUTED, m.routing());
        assertFalse(m.mandatory());
        assertFalse(m.deadLettered());
        assertEquals("application/json", m.properties().getContentType());
        assertEquals("c-7", m.properties().getCorrelationId());
        assertEquals(2, m.properties().getDeliveryMode());
        assertEquals("acme", m.header("tenant")); // a String, not the client's LongString
        assertEquals(3, m.header("attempt"));
        assertEquals("{\"id\":7}", m.text());
        assertEquals(List.of(m), journal.received("billing"));
        assertEquals(List.of(), journal.received("shipping"));
        assertEquals("message to exchange '' with routing key 'billing' → queues [billing] (8 bytes: {\"id\":7})",
                m.toString());
    }

    @Test
    void fanoutReachesEveryBoundQueue(Channel channel, WarrenBroker broker) throws Exception {
        publish(confirming(channel), "broadcast", "ignored", false, null, "to all");
        PublishedMessage m = broker.journal().published("broadcast").get(0);
        assertEquals(List.of("audit", "billing"), m.queues().stream().sorted().toList());
        assertEquals(List.of(m), broker.journal().received("billing"));
        assertEquals(List.of(m), broker.journal().received("audit"));
    }

    @Test
    void topicRoutesByPatternAndTheJournalListsOnlyTheMatchingQueues(Channel channel, WarrenBroker broker)
            throws Exception {
        Channel ch = confirming(channel);
        publish(ch, "orders", "order.created", false, null, "new");
        publish(ch, "orders", "order.paid", false, null, "paid");
        publish(ch, "orders", "invoice.sent", false, null, "nobody");

        List<PublishedMessage> published = broker.journal().published("orders");
        assertEquals(List.of("order.created", "order.paid", "invoice.sent"),
                published.stream().map(PublishedMessage::routingKey).toList());
        assertEquals(List.of("billing", "shipping"), published.get(0).queues().stream().sorted().toList());
        assertEquals(List.of("billing"), published.get(1).queues());
        assertEquals(List.of(), published.get(2).queues());
        assertEquals(Routing.DROPPED, published.get(2).routing());
        assertEquals(List.of("new", "paid"), broker.journal().received("billing").stream().map(PublishedMessage::text)
                .toList());
        assertEquals(List.of("new"), broker.journal().received("shipping").stream().map(PublishedMessage::text)
                .toList());
    }

    @Test
    void aMandatoryUnroutablePublishIsRecordedAsReturned(Channel channel, WarrenBroker broker) throws Exception {
        Channel ch = confirming(channel);
        CompletableFuture<Integer> returned = new CompletableFuture<>();
        ch.addReturnListener(r -> returned.complete(r.getReplyCode()));
        publish(ch, "orders", "refund.requested", true, null, "back to me");
        assertEquals(312, returned.get(5, TimeUnit.SECONDS));

        PublishedMessage m = broker.journal().published("orders").get(0);
        assertTrue(m.returned());
        assertTrue(m.mandatory());
        assertEquals(Routing.RETURNED, m.routing());
        assertEquals(List.of(m), broker.journal().unroutable());
        assertEquals("message to exchange 'orders' with routing key 'refund.requested' → returned (mandatory, "
                + "unroutable) (10 bytes: back to me)", m.toString());
    }

    @Test
    void deliveriesRecordConsumerTagRedeliveryAndSettlement(Channel channel, WarrenBroker broker) throws Exception {
        Channel ch = confirming(channel);
        publish(ch, "", "billing", false, null, "first");
        publish(ch, "", "billing", false, null, "second");
        GetResponse a = ch.basicGet("billing", false);
        ch.basicNack(a.getEnvelope().getDeliveryTag(), false, true); // back to the queue
        GetResponse again = ch.basicGet("billing", false);
        ch.basicAck(again.getEnvelope().getDeliveryTag(), false);
        GetResponse b = ch.basicGet("billing", false);
        ch.basicReject(b.getEnvelope().getDeliveryTag(), false);
        ch.queueDeclarePassive("billing"); // answered after the settlements before it

        String tag = ch.basicConsume("shipping", true, (t, d) -> { }, t -> { });
        publish(ch, "orders", "order.created", false, null, "to a consumer");
        broker.awaitQueueDepth("shipping", 0, WAIT);

        List<DeliveredMessage> billing = broker.journal().delivered("billing");
        assertEquals(3, billing.size());
        assertEquals("first", billing.get(0).text());
        assertTrue(billing.get(0).viaGet());
        assertFalse(billing.get(0).redelivered());
        assertEquals(Settlement.REQUEUED, billing.get(0).settlement());
        assertEquals("first", billing.get(1).text());
        assertTrue(billing.get(1).redelivered());
        assertTrue(billing.get(1).acked());
        assertEquals("second", billing.get(2).text());
        assertEquals(Settlement.REJECTED, billing.get(2).settlement());
        assertEquals(billing.get(0).message(), broker.journal().received("billing").get(0),
                "a delivery refers to the message as published");

        DeliveredMessage toConsumer = awaitDelivery(broker, "shipping");
        assertEquals(tag, toConsumer.consumerTag());
        assertTrue(toConsumer.autoAck());
        assertNull(toConsumer.settlement());
        assertEquals("to a consumer", toConsumer.text());
    }

    /** A consumer's delivery is recorded before it is written; the queue's depth says when it left. */
    private static DeliveredMessage awaitDelivery(WarrenBroker broker, String queue) {
        List<DeliveredMessage> d = broker.journal().delivered(queue);
        assertEquals(1, d.size(), () -> "deliveries from " + queue + ": " + d);
        return d.get(0);
    }

    @Test
    void aDeadLetteredMessageIsReceivedByTheDeadLetterQueue(Channel channel, WarrenBroker broker) throws Exception {
        publish(confirming(channel), "", "work", false, null, "doomed");
        GetResponse r = channel.basicGet("work", false);
        channel.basicReject(r.getEnvelope().getDeliveryTag(), false);
        List<ReceivedMessage> dead = broker.awaitMessages("dead", 1, WAIT);
        assertEquals("doomed", dead.get(0).text());

        List<PublishedMessage> received = broker.journal().received("dead");
        assertEquals(1, received.size());
        PublishedMessage m = received.get(0);
        assertTrue(m.deadLettered());
        assertEquals("dlx", m.exchange());
        assertEquals("doomed", m.text());
        assertTrue(m.headers().containsKey("x-death"));
        assertEquals(1, broker.journal().published().size(), "dead-lettering is not a publish");
    }

    @Test
    void awaitPublishedWaitsForAPublishFromAnotherThread(Channel ch, WarrenBroker broker) {
        CompletableFuture<Void> later = CompletableFuture.runAsync(() -> {
            try {
                TimeUnit.MILLISECONDS.sleep(100);
                ch.basicPublish("orders", "order.created", null, "late".getBytes());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        PublishedMessage m = broker.journal().awaitPublished("orders", p -> p.text().equals("late"), WAIT);
        later.join();
        assertEquals("order.created", m.routingKey());
    }

    @Test
    void awaitReceivedWaitsForArrivalsWithoutTakingThem(Channel ch, WarrenBroker broker) throws Exception {
        ch.basicPublish("orders", "order.created", null, "one".getBytes());
        ch.basicPublish("orders", "order.paid", null, "two".getBytes());
        List<PublishedMessage> got = broker.journal().awaitReceived("billing", 2, WAIT);
        assertEquals(List.of("one", "two"), got.stream().map(PublishedMessage::text).toList());
        // the journal only watches: both are still in the queue (whose depth is published at the end
        // of the queue's batch, a moment after the journal heard of them)
        broker.awaitQueueDepth("billing", 2, WAIT);

        AssertionError e = assertThrows(AssertionError.class, () -> broker.journal().awaitReceived("audit", 1, SHORT));
        assertEquals("expected queue 'audit' in vhost '/' to receive 1 message within 200 ms; the journal: queue "
                + "'audit' received 0 messages", e.getMessage());
    }

    @Test
    void aFailedAwaitListsTheNearMisses(Channel channel, WarrenBroker broker) throws Exception {
        Channel ch = confirming(channel);
        publish(ch, "orders", "order.updated", false, null, "{\"id\":1}");
        publish(ch, "order", "order.created", false, null, "wrong exchange");
        publish(ch, "broadcast", "x", false, null, "elsewhere");
        publish(ch, "", "no-such-queue", true, null, "bounced");

        AssertionError e = assertThrows(AssertionError.class,
                () -> broker.journal().awaitPublished("orders", "order.created", SHORT));
        assertEquals("expected a message published to exchange 'orders' in vhost '/' with routing key "
                + "'order.created' within 200 ms, but none was; "
                + "published to 'orders' (1): [message to exchange 'orders' with routing key 'order.updated' → "
                + "queues [billing] (8 bytes: {\"id\":1})]; "
                + "routing key 'order.created' on other exchanges (1): [message to exchange 'order' with routing "
                + "key 'order.created' → dropped (unroutable) (14 bytes: wrong exchange)]; "
                + "returned or dropped as unroutable (1): [message to exchange '' with routing key "
                + "'no-such-queue' → returned (mandatory, unroutable) (7 bytes: bounced)]", e.getMessage());

        AssertionError p = assertThrows(AssertionError.class,
                () -> broker.journal().awaitPublished("orders", m -> m.text().contains("id\":2"), SHORT));
        assertTrue(p.getMessage().startsWith("expected a message published to exchange 'orders' in vhost '/' "
                + "matching the predicate within 200 ms, but none was; published to 'orders' (1): "), p.getMessage());
        assertTrue(p.getMessage().contains("; published to other exchanges (3): [message to exchange 'order' "),
                p.getMessage());
    }

    @Test
    void aFailedAwaitMessagesSaysWhatTheJournalSaw(Channel channel, WarrenBroker broker) throws Exception {
        Channel ch = confirming(channel);
        publish(ch, "orders", "order.created", false, null, "taken");
        publish(ch, "orders", "refund.requested", false, null, "lost");
        String tag = ch.basicConsume("shipping", true, "eager", (t, d) -> { }, t -> { });
        broker.awaitQueueDepth("shipping", 0, WAIT);

        AssertionError e = assertThrows(AssertionError.class, () -> broker.awaitMessages("shipping", 1, SHORT));
        String taken = "message to exchange 'orders' with routing key 'order.created' → queues "
                + broker.journal().published("orders").get(0).queues() + " (5 bytes: taken)";
        assertEquals("expected 1 message from queue 'shipping' in vhost '/' within 200 ms, but 0 arrived; the queue "
                + "now has 0 ready messages and 1 consumer (a consumer takes messages before awaitMessages sees "
                + "them); the journal: queue 'shipping' received 1 message; received (1): [" + taken + "]; "
                + "delivered to consumers 1 time: [delivery of " + taken + " from queue 'shipping' to consumer "
                + "'" + tag + "' (tag 1, auto-ack)]; published messages that reached no queue (1): [message to "
                + "exchange 'orders' with routing key 'refund.requested' → dropped (unroutable) (4 bytes: lost)]",
                e.getMessage());
    }

    @Test
    void bodiesAreCopiesThatOutliveTheBrokersBuffers(Channel channel, WarrenBroker broker) throws Exception {
        Channel ch = confirming(channel);
        publish(ch, "", "billing", false, null, "keep me");
        broker.awaitMessages("billing", 1, WAIT); // consumed and acknowledged: the broker freed its buffers
        for (int i = 0; i < 200; i++) {
            ch.basicPublish("", "audit", null, ("overwrite-" + i).getBytes());
        }
        ch.waitForConfirmsOrDie(WAIT.toMillis());
        assertArrayEquals("keep me".getBytes(), broker.journal().published("").get(0).body());
    }

    @Test
    void resetClearsTheJournal(Channel channel, WarrenBroker broker) throws Exception {
        publish(confirming(channel), "orders", "order.created", false, null, "before");
        assertEquals(1, broker.journal().published().size());
        broker.reset();
        assertEquals(List.of(), broker.journal().published());
        assertEquals(List.of(), broker.journal().received("billing"));
        assertEquals(List.of(), broker.journal().delivered("billing"));
    }
}
