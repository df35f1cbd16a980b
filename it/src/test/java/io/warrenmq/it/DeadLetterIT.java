package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
