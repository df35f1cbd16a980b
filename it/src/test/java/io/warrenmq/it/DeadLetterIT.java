package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Message TTL, length limits and dead-lettering as RabbitMQ documents them
 * (https://www.rabbitmq.com/docs/ttl, /docs/maxlength, /docs/dlx): expired messages leave from the
 * head even with no consumer; a rejected or expired or overflowing message is republished to the
 * queue's x-dead-letter-exchange with an x-death header (count, reason, queue, time, exchange,
 * routing-keys, original-expiration) and without its expiration.
 */
class DeadLetterIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    /** A fanout DLX bound to a fresh dead-letter queue; returns {exchange, queue}. */
    private static String[] deadLetterTarget(Channel channel) throws Exception {
        String dlx = EmbeddedBroker.uniqueName("dlx");
        channel.exchangeDeclare(dlx, "fanout", false, true, null);
        String dlq = channel.queueDeclare().getQueue();
        channel.queueBind(dlq, dlx, "");
        return new String[] {dlx, dlq};
    }

    private static GetResponse awaitMessage(Channel channel, String queue) {
        return Await.result("a message in " + queue, () -> channel.basicGet(queue, true), r -> r != null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstDeath(GetResponse r) {
        List<Object> deaths = (List<Object>) r.getProps().getHeaders().get("x-death");
        assertNotNull(deaths, "x-death header");
        return (Map<String, Object>) deaths.get(0);
    }

    @Test
    void queueTtlDeadLettersExpiredMessagesWithNoConsumer() throws Exception {
        Channel channel = broker.newChannel();
        String[] target = deadLetterTarget(channel);
        String queue = EmbeddedBroker.uniqueName("ttl");
        channel.queueDeclare(queue, false, false, false, Map.of("x-message-ttl", 100, "x-dead-letter-exchange", target[0]));
        channel.basicPublish("", queue, null, "late".getBytes(StandardCharsets.UTF_8));

        GetResponse dead = awaitMessage(channel, target[1]);
        assertEquals("late", new String(dead.getBody(), StandardCharsets.UTF_8));
        assertEquals(target[0], dead.getEnvelope().getExchange());
        Map<String, Object> death = firstDeath(dead);
        assertEquals(1L, death.get("count"));
        assertEquals("expired", death.get("reason").toString());
        assertEquals(queue, death.get("queue").toString());
        assertEquals("", death.get("exchange").toString());
        assertEquals(List.of(queue), ((List<?>) death.get("routing-keys")).stream().map(Object::toString).toList());
        assertTrue(death.get("time") instanceof Date);
        assertEquals("expired", dead.getProps().getHeaders().get("x-first-death-reason").toString());
        assertEquals(0, channel.queueDeclarePassive(queue).getMessageCount());
    }

    @Test
    void perMessageExpirationIsRecordedAsOriginalExpirationAndRemoved() throws Exception {
        Channel channel = broker.newChannel();
        String[] target = deadLetterTarget(channel);
        String queue = EmbeddedBroker.uniqueName("expiration");
        channel.queueDeclare(queue, false, false, false, Map.of("x-dead-letter-exchange", target[0]));
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().expiration("50").build();
        channel.basicPublish("", queue, props, "short-lived".getBytes(StandardCharsets.UTF_8));

        GetResponse dead = awaitMessage(channel, target[1]);
        assertEquals("50", firstDeath(dead).get("original-expiration").toString());
        assertNull(dead.getProps().getExpiration(), "expiration is removed from the dead-lettered message");
    }

    @Test
    void rejectedMessageIsDeadLetteredWithReasonRejected() throws Exception {
        Channel channel = broker.newChannel();
        String[] target = deadLetterTarget(channel);
        String queue = EmbeddedBroker.uniqueName("reject");
        channel.queueDeclare(queue, false, false, false, Map.of("x-dead-letter-exchange", target[0],
                "x-dead-letter-routing-key", "moved"));
        channel.basicPublish("", queue, null, "no thanks".getBytes(StandardCharsets.UTF_8));
        GetResponse toReject = Await.result("a message", () -> channel.basicGet(queue, false), r -> r != null);
        channel.basicReject(toReject.getEnvelope().getDeliveryTag(), false);

        GetResponse dead = awaitMessage(channel, target[1]);
        assertEquals("moved", dead.getEnvelope().getRoutingKey());
        assertEquals("rejected", firstDeath(dead).get("reason").toString());
    }

    @Test
    void maxLengthDropsTheOldestMessagesToTheDeadLetterExchange() throws Exception {
        Channel channel = broker.newChannel();
        String[] target = deadLetterTarget(channel);
        String queue = EmbeddedBroker.uniqueName("maxlen");
        channel.queueDeclare(queue, false, false, false, Map.of("x-max-length", 2, "x-dead-letter-exchange", target[0]));
        channel.confirmSelect();
        for (String body : List.of("m1", "m2", "m3")) {
            channel.basicPublish("", queue, null, body.getBytes(StandardCharsets.UTF_8));
        }
        channel.waitForConfirmsOrDie(30_000);

        GetResponse dead = awaitMessage(channel, target[1]);
        assertEquals("m1", new String(dead.getBody(), StandardCharsets.UTF_8));
        assertEquals("maxlen", firstDeath(dead).get("reason").toString());
        assertEquals(2, channel.queueDeclarePassive(queue).getMessageCount());
        assertEquals("m2", new String(channel.basicGet(queue, true).getBody(), StandardCharsets.UTF_8));
    }

    @Test
    void expiredMessageWithoutDeadLetterExchangeIsDropped() throws Exception {
        Channel channel = broker.newChannel();
        String queue = EmbeddedBroker.uniqueName("ttl-drop");
        channel.queueDeclare(queue, false, false, false, Map.of("x-message-ttl", 50));
        channel.basicPublish("", queue, null, "gone".getBytes(StandardCharsets.UTF_8));
        Await.until("the expired message is gone", () -> channel.queueDeclarePassive(queue).getMessageCount() == 0);
        assertNull(channel.basicGet(queue, true));
    }

    /** x-delivery-limit: after more than the limit of failed deliveries the message is dead-lettered. */
    @Test
    void aMessageRequeuedTooOftenIsDeadLetteredWithReasonDeliveryLimit() throws Exception {
        Channel channel = broker.newChannel();
        String[] target = deadLetterTarget(channel);
        String queue = EmbeddedBroker.uniqueName("limit");
        channel.queueDeclare(queue, false, false, false, Map.of("x-delivery-limit", 1, "x-dead-letter-exchange", target[0]));
        channel.basicPublish("", queue, null, "poison".getBytes(StandardCharsets.UTF_8));
        for (int attempt = 1; attempt <= 2; attempt++) {
            GetResponse r = Await.result("the message", () -> channel.basicGet(queue, false), x -> x != null);
            assertEquals(attempt > 1, r.getEnvelope().isRedeliver());
            channel.basicNack(r.getEnvelope().getDeliveryTag(), false, true);
        }
        GetResponse dead = awaitMessage(channel, target[1]);
        assertEquals("delivery_limit", firstDeath(dead).get("reason").toString());
        assertEquals(0, channel.queueDeclarePassive(queue).getMessageCount());
    }

    private static List<String> strings(Object list) {
        return ((List<?>) list).stream().map(Object::toString).toList();
    }

    /** A queue whose rejected messages go to {@code dlx}, optionally under a dead-letter routing key. */
    private static String rejectingQueue(Channel channel, String dlx, String deadLetterRoutingKey) throws Exception {
        String queue = EmbeddedBroker.uniqueName("src");
        Map<String, Object> args = new java.util.HashMap<>();
        args.put("x-dead-letter-exchange", dlx);
        if (deadLetterRoutingKey != null) {
            args.put("x-dead-letter-routing-key", deadLetterRoutingKey);
        }
        channel.queueDeclare(queue, false, false, false, args);
        return queue;
    }

    private static void publishAndReject(Channel channel, String queue, AMQP.BasicProperties props) throws Exception {
        channel.basicPublish("", queue, props, "dead".getBytes(StandardCharsets.UTF_8));
        GetResponse r = Await.result("the message", () -> channel.basicGet(queue, false), x -> x != null);
        channel.basicReject(r.getEnvelope().getDeliveryTag(), false);
    }

    /** rabbit_dead_letter: with x-dead-letter-routing-key the CC header goes, so only the new key routes. */
    @Test
    void aDeadLetterRoutingKeyRemovesCcSoOnlyTheNewKeyRoutes() throws Exception {
        Channel channel = broker.newChannel();
        String dlx = EmbeddedBroker.uniqueName("dlx-direct");
        channel.exchangeDeclare(dlx, "direct", false, true, null);
        String moved = channel.queueDeclare().getQueue();
        String viaCc = channel.queueDeclare().getQueue();
        channel.queueBind(moved, dlx, "moved");
        channel.queueBind(viaCc, dlx, "cc-key");
        String queue = rejectingQueue(channel, dlx, "moved");

        publishAndReject(channel, queue, new AMQP.BasicProperties.Builder()
                .headers(Map.of("CC", List.of("cc-key"))).build());

        GetResponse dead = awaitMessage(channel, moved);
        assertEquals("moved", dead.getEnvelope().getRoutingKey());
        assertFalse(dead.getProps().getHeaders().containsKey("CC"), "CC is removed");
        assertEquals(List.of(queue, "cc-key"), strings(firstDeath(dead).get("routing-keys")),
                "x-death records the publish key and the CC keys");
        assertEquals(0, channel.queueDeclarePassive(viaCc).getMessageCount(), "the CC key no longer routes");
    }

    /** Without x-dead-letter-routing-key the message's routing keys, CC ones included, route its dead letter. */
    @Test
    void withoutADeadLetterRoutingKeyTheCcKeysRouteTheDeadLetterToo() throws Exception {
        Channel channel = broker.newChannel();
        String dlx = EmbeddedBroker.uniqueName("dlx-direct");
        channel.exchangeDeclare(dlx, "direct", false, true, null);
        String byKey = channel.queueDeclare().getQueue();
        String viaCc = channel.queueDeclare().getQueue();
        String queue = rejectingQueue(channel, dlx, null);
        channel.queueBind(byKey, dlx, queue);
        channel.queueBind(viaCc, dlx, "cc-key");

        publishAndReject(channel, queue, new AMQP.BasicProperties.Builder()
                .headers(Map.of("CC", List.of("cc-key"))).build());

        GetResponse dead = awaitMessage(channel, byKey);
        assertEquals(List.of("cc-key"), strings(dead.getProps().getHeaders().get("CC")), "CC is kept");
        GetResponse viaCcKey = awaitMessage(channel, viaCc);
        assertEquals(List.of(queue, "cc-key"), strings(firstDeath(viaCcKey).get("routing-keys")));
    }

    private static Map<String, Object> death(String queue, String reason, String exchange, Long count) {
        Map<String, Object> d = new java.util.HashMap<>();
        d.put("queue", queue);
        d.put("reason", reason);
        d.put("exchange", exchange);
        d.put("time", new Date(1_400_000_000_000L));
        d.put("routing-keys", List.of(queue));
        if (count != null) {
            d.put("count", count);
        }
        return d;
    }

    /**
     * A message carrying x-death as RabbitMQ wrote it before 3.5 (one entry per event, newest first,
     * no count) is compacted at its next death: one entry per (queue, reason), counted, newest first;
     * the entry of the new death's (queue, reason) keeps its first fields and moves to the front.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aPre35XDeathHeaderIsCompactedWhenTheMessageDiesAgain() throws Exception {
        Channel channel = broker.newChannel();
        String[] target = deadLetterTarget(channel);
        String queue = rejectingQueue(channel, target[0], null);
        List<Object> old = List.of(
                death("elsewhere", "expired", "ex-newest", null),
                death(queue, "rejected", "ex-first-reject", null),
                death("elsewhere", "expired", "ex-older", null),
                death("third", "maxlen", "ex-third", null),
                death("elsewhere", "expired", "ex-oldest", null));

        publishAndReject(channel, queue, new AMQP.BasicProperties.Builder()
                .headers(Map.of("x-death", old)).build());

        List<Object> deaths = (List<Object>) awaitMessage(channel, target[1]).getProps().getHeaders().get("x-death");
        List<String> summary = deaths.stream().map(d -> (Map<String, Object>) d)
                .map(d -> d.get("queue") + "/" + d.get("reason") + "/" + d.get("count") + "/" + d.get("exchange"))
                .toList();
        assertEquals(List.of(
                queue + "/rejected/2/ex-first-reject",
                "elsewhere/expired/3/ex-newest",
                "third/maxlen/1/ex-third"), summary);
    }

    /** An entry that has a count keeps it when compacted (RabbitMQ counts entries only when it has none). */
    @Test
    @SuppressWarnings("unchecked")
    void aCompactedEntryWithACountKeepsIt() throws Exception {
        Channel channel = broker.newChannel();
        String[] target = deadLetterTarget(channel);
        String queue = rejectingQueue(channel, target[0], null);
        List<Object> old = List.of(
                death("elsewhere", "expired", "ex-a", 5L),
                death("elsewhere", "expired", "ex-b", null));

        publishAndReject(channel, queue, new AMQP.BasicProperties.Builder()
                .headers(Map.of("x-death", old)).build());

        List<Object> deaths = (List<Object>) awaitMessage(channel, target[1]).getProps().getHeaders().get("x-death");
        assertEquals(2, deaths.size());
        Map<String, Object> newest = (Map<String, Object>) deaths.get(0);
        Map<String, Object> compacted = (Map<String, Object>) deaths.get(1);
        assertEquals(queue, newest.get("queue").toString());
        assertEquals(1L, newest.get("count"));
        assertEquals("elsewhere", compacted.get("queue").toString());
        assertEquals(5L, compacted.get("count"));
        assertEquals("ex-a", compacted.get("exchange").toString());
    }
}
