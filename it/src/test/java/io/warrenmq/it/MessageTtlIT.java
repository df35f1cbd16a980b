package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Message TTL (https://www.rabbitmq.com/docs/ttl) as RabbitMQ's classic queues apply it:
 * {@code x-message-ttl} of any integer field type, validated and compared on redeclare by type
 * class and value ({@code rabbit_amqqueue:declare_args}, {@code rabbit_misc:assert_args_equivalence});
 * TTL 0 delivers a message only if a consumer takes it as it arrives (otherwise it expires, also
 * when the consumer's prefetch window is full); an expired message is never delivered, whether
 * its TTL came from the queue, the message or both, and also when it expired behind the head
 * (RabbitMQ drops expired messages from the head before every fetch).
 */
class MessageTtlIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    static List<Object> integerTypes() {
        return List.of((byte) 1, (short) 1, 1, 1L);
    }

    /** Every integer type the Java client writes ('b', 's', 'I', 'l') is a TTL, and it applies. */
    @ParameterizedTest
    @MethodSource("integerTypes")
    void xMessageTtlOfEveryIntegerTypeExpiresMessages(Object ttl) throws Exception {
        Channel channel = broker.newChannel();
        String q = EmbeddedBroker.uniqueName("ttl-type");
        channel.queueDeclare(q, false, false, true, Map.of("x-message-ttl", ttl));
        channel.basicPublish("", q, null, "short-lived".getBytes(StandardCharsets.UTF_8));

        Await.until("the message expired", () -> channel.queueDeclarePassive(q).getMessageCount() == 0);
        assertNull(channel.basicGet(q, true));
    }

    @Test
    void aNegativeOrNonIntegerTtlIsRefusedWithRabbitMqsText() throws Exception {
        for (Map.Entry<Object, String> c : Map.<Object, String>of(
                (short) -5, "{value_negative,-5}",
                -1L, "{value_negative,-1}",
                "1000", "{unacceptable_type,longstr}",
                1.5d, "{unacceptable_type,double}",
                315_360_000_001L, "{value_too_large,315360000001}").entrySet()) {
            Channel channel = broker.newChannel();
            String q = EmbeddedBroker.uniqueName("ttl-bad");
            AMQP.Channel.Close close = AmqpAssertions.expectChannelError(406,
                    () -> channel.queueDeclare(q, false, false, true, Map.of("x-message-ttl", c.getKey())));
            assertEquals("PRECONDITION_FAILED - invalid arg 'x-message-ttl' for queue '" + q + "' in vhost '/': "
                    + c.getValue(), close.getReplyText());
        }
    }

    /** assert_args_equivalence compares type_class and value: 1000 as an int and as a short are one TTL. */
    @Test
    void redeclaringWithAnEqualTtlOfAnotherIntegerTypeIsEquivalent() throws Exception {
        Channel channel = broker.newChannel();
        String q = EmbeddedBroker.uniqueName("ttl-equiv");
        channel.queueDeclare(q, false, false, true, Map.of("x-message-ttl", 60_000, "x-expires", 600_000L,
                "x-max-length", (short) 100));

        channel.queueDeclare(q, false, false, true, Map.of("x-message-ttl", 60_000L, "x-expires", 600_000,
                "x-max-length", (byte) 100));
        channel.queueDeclare(q, false, false, true, Map.of("x-message-ttl", 60_000, "x-expires", 600_000L,
                "x-max-length", 100L));

        AMQP.Channel.Close close = AmqpAssertions.expectChannelError(406,
                () -> channel.queueDeclare(q, false, false, true, Map.of("x-message-ttl", 30_000L,
                        "x-expires", 600_000L, "x-max-length", 100L)));
        assertEquals("PRECONDITION_FAILED - inequivalent arg 'x-message-ttl' for queue '" + q + "' in vhost '/': "
                + "received the value '30000' of type 'long' but current is the value '60000' of type 'signedint'",
                close.getReplyText());
    }

    /** A fanout DLX bound to a fresh queue; returns {exchange, queue}. */
    private static String[] deadLetterTarget(Channel channel) throws Exception {
        String dlx = EmbeddedBroker.uniqueName("ttl-dlx");
        channel.exchangeDeclare(dlx, "fanout", false, true, null);
        String dlq = channel.queueDeclare().getQueue();
        channel.queueBind(dlq, dlx, "");
        return new String[] {dlx, dlq};
    }

    private static AMQP.BasicProperties expiring(String expiration) {
        return new AMQP.BasicProperties.Builder().expiration(expiration).build();
    }

    private static void publish(Channel channel, String queue, AMQP.BasicProperties props, String body)
            throws Exception {
        channel.basicPublish("", queue, props, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Waits (on the clock, not on the broker) until {@code millis} have passed since {@code since}. */
    private static void waitPast(long since, long millis) {
        Await.until(millis + " ms passed", () -> System.currentTimeMillis() > since + millis);
    }

    @Test
    void aTtlZeroMessageIsDeliveredToAConsumerThatCanTakeIt() throws Exception {
        Channel channel = broker.newChannel();
        String[] target = deadLetterTarget(channel);
        String q = EmbeddedBroker.uniqueName("ttl0-consumer");
        channel.queueDeclare(q, false, false, true, Map.of("x-message-ttl", 0, "x-dead-letter-exchange", target[0]));
        CollectingConsumer consumer = new CollectingConsumer(channel);
        channel.basicConsume(q, true, consumer);
        Channel publisher = channel.getConnection().createChannel();
        publisher.confirmSelect();

        publish(publisher, q, null, "queue-ttl-0");
        publish(publisher, q, expiring("0"), "message-ttl-0");
        publisher.waitForConfirmsOrDie(30_000);

        assertEquals(List.of("queue-ttl-0", "message-ttl-0"),
                consumer.awaitDeliveries(2).stream().map(CollectingConsumer.Delivery::text).toList());
        assertEquals(0, channel.queueDeclarePassive(target[1]).getMessageCount(), "nothing was dead-lettered");
    }

    @Test
    void aTtlZeroMessageWithNoConsumerIsDeadLetteredAtOnce() throws Exception {
        Channel channel = broker.newChannel();
        String[] target = deadLetterTarget(channel);
        String q = EmbeddedBroker.uniqueName("ttl0-none");
        channel.queueDeclare(q, false, false, true, Map.of("x-dead-letter-exchange", target[0]));

        publish(channel, q, expiring("0"), "nobody");

        com.rabbitmq.client.GetResponse dead = Await.result("the dead letter",
                () -> channel.basicGet(target[1], true), r -> r != null);
        assertEquals("nobody", new String(dead.getBody(), StandardCharsets.UTF_8));
        assertEquals("expired", ((Map<?, ?>) ((List<?>) dead.getProps().getHeaders().get("x-death")).get(0))
                .get("reason").toString());
        assertEquals(0, channel.queueDeclarePassive(q).getMessageCount());
    }

    /** A consumer at its prefetch limit cannot take a TTL 0 message: it expires, and is not delivered later. */
    @Test
    void aTtlZeroMessageExpiresWhenTheConsumersPrefetchWindowIsFull() throws Exception {
        Channel channel = broker.newChannel();
        String[] target = deadLetterTarget(channel);
        String q = EmbeddedBroker.uniqueName("ttl0-full");
        channel.queueDeclare(q, false, false, true, Map.of("x-message-ttl", 0, "x-dead-letter-exchange", target[0]));
        channel.basicQos(1);
        CollectingConsumer consumer = new CollectingConsumer(channel);
        channel.basicConsume(q, false, consumer);
        Channel publisher = channel.getConnection().createChannel();

        publish(publisher, q, null, "m1");
        CollectingConsumer.Delivery first = consumer.awaitDeliveries(1).get(0);
        publish(publisher, q, null, "m2");
        com.rabbitmq.client.GetResponse dead = Await.result("m2 dead-lettered",
                () -> channel.basicGet(target[1], true), r -> r != null);
        assertEquals("m2", new String(dead.getBody(), StandardCharsets.UTF_8));
        channel.basicAck(first.deliveryTag(), false);
        publish(publisher, q, null, "m3");

        consumer.awaitDeliveries(2);
        assertEquals(List.of("m1", "m3"), consumer.texts(), "m2 expired instead of waiting for the window");
    }

    /**
     * The message with the shorter TTL sits behind a head without one: it is not dropped until it
     * reaches the head, but then it is dropped rather than delivered, to a consumer or basic.get.
     */
    @Test
    void aMessageThatExpiredBehindTheHeadIsNeverDelivered() throws Exception {
        Channel channel = broker.newChannel();
        String[] target = deadLetterTarget(channel);
        String q = EmbeddedBroker.uniqueName("ttl-behind");
        channel.queueDeclare(q, false, false, true, Map.of("x-dead-letter-exchange", target[0]));
        channel.confirmSelect();
        publish(channel, q, null, "a");
        publish(channel, q, expiring("1"), "b");
        publish(channel, q, null, "c");
        publish(channel, q, null, "d");
        publish(channel, q, expiring("1"), "e");
        publish(channel, q, null, "f");
        channel.waitForConfirmsOrDie(30_000);
        waitPast(System.currentTimeMillis(), 20);

        assertEquals("a", new String(channel.basicGet(q, true).getBody(), StandardCharsets.UTF_8));
        assertEquals("c", new String(channel.basicGet(q, true).getBody(), StandardCharsets.UTF_8), "b expired");
        CollectingConsumer consumer = new CollectingConsumer(channel);
        channel.basicConsume(q, true, consumer); // d is a live head, e expired behind it
        consumer.awaitDeliveries(2);
        assertEquals(List.of("d", "f"), consumer.texts(), "e expired");
        Await.until("b and e dead-lettered", () -> channel.queueDeclarePassive(target[1]).getMessageCount() == 2);
    }

    static List<Object[]> ttlSources() {
        return List.<Object[]>of(
                new Object[] {"queue", 1, null},
                new Object[] {"message", null, "1"},
                new Object[] {"both, the message's smaller", 600_000, "1"},
                new Object[] {"both, the queue's smaller", 1, "600000"});
    }

    /** Messages that expired while nobody consumed are gone for a consumer or basic.get that comes later. */
    @ParameterizedTest(name = "TTL from the {0}")
    @MethodSource("ttlSources")
    void messagesThatExpiredWithNoConsumerAreNotDeliveredLater(String source, Integer queueTtl, String expiration)
            throws Exception {
        Channel channel = broker.newChannel();
        String[] target = deadLetterTarget(channel);
        String q = EmbeddedBroker.uniqueName("ttl-later");
        Map<String, Object> args = new java.util.HashMap<>();
        args.put("x-dead-letter-exchange", target[0]);
        if (queueTtl != null) {
            args.put("x-message-ttl", queueTtl);
        }
        channel.queueDeclare(q, false, false, true, args);
        channel.confirmSelect();
        for (int i = 0; i < 3; i++) {
            publish(channel, q, expiration == null ? null : expiring(expiration), "expiring-" + i);
        }
        channel.waitForConfirmsOrDie(30_000);

        Await.until("all three dead-lettered", () -> channel.queueDeclarePassive(target[1]).getMessageCount() == 3);
        assertNull(channel.basicGet(q, true), "basic.get finds nothing");
        CollectingConsumer consumer = new CollectingConsumer(channel);
        channel.basicConsume(q, true, consumer);
        publish(channel, q, null, queueTtl != null && queueTtl == 1 ? "x" : "marker");
        Await.until("the marker delivered or dead-lettered", () -> consumer.count() == 1
                || channel.queueDeclarePassive(target[1]).getMessageCount() == 4);
        assertEquals(0, consumer.deliveries().stream().filter(d -> d.text().startsWith("expiring")).count(),
                "no expired message reached the consumer");
    }
}
