package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sender-selected distribution (https://www.rabbitmq.com/docs/sender-selected): the CC and BCC
 * headers add routing keys, applied at every exchange the message reaches (RabbitMQ keeps them in
 * the message's routing keys, which every exchange type routes on); BCC is removed before
 * delivery (and before routing: a headers exchange does not see it), CC is kept; a queue reached
 * twice gets one copy. A CC or BCC header that is not an array is refused with 406, as
 * {@code rabbit_basic:header_routes/1} refuses it.
 */
class SenderSelectedDistributionIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    @Test
    void ccAndBccRouteToMoreQueuesAndBccIsHidden() throws Exception {
        Channel channel = broker.newChannel();
        String a = channel.queueDeclare().getQueue();
        String b = channel.queueDeclare().getQueue();
        String c = channel.queueDeclare().getQueue();
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .headers(Map.of("CC", List.of(b, a), "BCC", List.of(c))).build();
        channel.confirmSelect();
        channel.basicPublish("", a, props, "hello".getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(30_000);

        for (String q : List.of(a, b, c)) {
            assertEquals(1, channel.queueDeclarePassive(q).getMessageCount(), "one copy in " + q);
            GetResponse r = channel.basicGet(q, true);
            Map<String, Object> headers = r.getProps().getHeaders();
            assertTrue(headers.containsKey("CC"), "CC is kept");
            assertFalse(headers.containsKey("BCC"), "BCC is removed");
        }
    }

    /** A direct exchange X bound to a direct exchange Y with {@code k1}; returns {X, Y}. */
    private static String[] exchangeChain(Channel channel) throws Exception {
        String x = EmbeddedBroker.uniqueName("ssd-x");
        String y = EmbeddedBroker.uniqueName("ssd-y");
        channel.exchangeDeclare(x, "direct", false, true, null);
        channel.exchangeDeclare(y, "direct", false, true, null);
        channel.exchangeBind(y, x, "k1");
        return new String[] {x, y};
    }

    private static void publishConfirmed(Channel channel, String exchange, String routingKey, Map<String, Object> headers)
            throws Exception {
        channel.confirmSelect();
        channel.basicPublish(exchange, routingKey, new AMQP.BasicProperties.Builder().headers(headers).build(),
                "ssd".getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(30_000);
    }

    /** Publish to X with CC=[k1] (X to Y) and BCC=[k2] (Y to the queue): every key applies at Y too. */
    @Test
    void ccAndBccKeysApplyAtAnExchangeReachedOverAnExchangeBinding() throws Exception {
        Channel channel = broker.newChannel();
        String[] xy = exchangeChain(channel);
        String q = channel.queueDeclare().getQueue();
        channel.queueBind(q, xy[1], "k2");

        publishConfirmed(channel, xy[0], "nowhere", Map.of("CC", List.of("k1"), "BCC", List.of("k2")));

        assertEquals(1, channel.queueDeclarePassive(q).getMessageCount(), "one copy reached the queue behind Y");
        GetResponse r = channel.basicGet(q, true);
        assertEquals(xy[0], r.getEnvelope().getExchange());
        assertEquals("nowhere", r.getEnvelope().getRoutingKey(), "delivered with the publish routing key");
        Map<String, Object> headers = r.getProps().getHeaders();
        assertEquals(List.of("k1"), ((List<?>) headers.get("CC")).stream().map(Object::toString).toList(),
                "CC is kept");
        assertFalse(headers.containsKey("BCC"), "BCC is removed");
    }

    /** The publish key takes the message from X to Y, the BCC key from Y to the queue. */
    @Test
    void aBccKeyAloneRoutesAtTheSecondExchange() throws Exception {
        Channel channel = broker.newChannel();
        String[] xy = exchangeChain(channel);
        String q = channel.queueDeclare().getQueue();
        String direct = channel.queueDeclare().getQueue();
        channel.queueBind(q, xy[1], "k2");
        channel.queueBind(direct, xy[0], "k2");

        publishConfirmed(channel, xy[0], "k1", Map.of("BCC", List.of("k2")));

        assertEquals(1, channel.queueDeclarePassive(q).getMessageCount(), "reached over X -> Y with k1, then k2");
        assertEquals(1, channel.queueDeclarePassive(direct).getMessageCount(), "k2 also applies at X");
        assertFalse(channel.basicGet(q, true).getProps().getHeaders().containsKey("BCC"));
    }

    /** Topic exchanges match every key too, at each step; a queue matched by several keys gets one copy. */
    @Test
    void everyKeyIsMatchedAtATopicExchangeBehindAnotherAndCopiesAreNotDuplicated() throws Exception {
        Channel channel = broker.newChannel();
        String x = EmbeddedBroker.uniqueName("ssd-tx");
        String y = EmbeddedBroker.uniqueName("ssd-ty");
        channel.exchangeDeclare(x, "topic", false, true, null);
        channel.exchangeDeclare(y, "topic", false, true, null);
        channel.exchangeBind(y, x, "#");
        String logs = channel.queueDeclare().getQueue();
        String audit = channel.queueDeclare().getQueue();
        channel.queueBind(logs, y, "log.*");
        channel.queueBind(audit, y, "audit.#");

        publishConfirmed(channel, x, "log.info", Map.of("CC", List.of("audit.login", "log.warn")));

        assertEquals(1, channel.queueDeclarePassive(logs).getMessageCount(), "log.info and log.warn: one copy");
        assertEquals(1, channel.queueDeclarePassive(audit).getMessageCount());
    }

    /** RabbitMQ removes BCC before routing: a headers exchange cannot match on it, but can on CC. */
    @Test
    void aHeadersExchangeSeesCcButNotBcc() throws Exception {
        Channel channel = broker.newChannel();
        String h = EmbeddedBroker.uniqueName("ssd-h");
        channel.exchangeDeclare(h, "headers", false, true, null);
        String onCc = channel.queueDeclare().getQueue();
        String onBcc = channel.queueDeclare().getQueue();
        Map<String, Object> ccBinding = new java.util.HashMap<>();
        ccBinding.put("x-match", "any");
        ccBinding.put("CC", List.of("k"));
        Map<String, Object> bccBinding = new java.util.HashMap<>();
        bccBinding.put("x-match", "any");
        bccBinding.put("BCC", List.of("k"));
        channel.queueBind(onCc, h, "", ccBinding);
        channel.queueBind(onBcc, h, "", bccBinding);

        publishConfirmed(channel, h, "", Map.of("CC", List.of("k")));
        publishConfirmed(channel, h, "", Map.of("BCC", List.of("k")));

        assertEquals(1, channel.queueDeclarePassive(onCc).getMessageCount(), "matched on CC");
        assertEquals(0, channel.queueDeclarePassive(onBcc).getMessageCount(), "BCC is gone before routing");
    }

    @Test
    void aCcHeaderThatIsNotAnArrayClosesTheChannelWith406() throws Exception {
        Channel channel = broker.newChannel();
        String q = channel.queueDeclare().getQueue();
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().headers(Map.of("CC", 42)).build();

        AMQP.Channel.Close close = AmqpAssertions.expectChannelError(406, channel,
                () -> channel.basicPublish("", q, props, "x".getBytes(StandardCharsets.UTF_8)));

        assertEquals("PRECONDITION_FAILED - invalid message: {unacceptable_type_in_header,\"CC\",signedint}",
                close.getReplyText());
        assertEquals(0, channel.getConnection().createChannel().queueDeclarePassive(q).getMessageCount(),
                "nothing was routed");
    }

    @Test
    void aBccHeaderThatIsAStringClosesTheChannelWith406() throws Exception {
        Channel channel = broker.newChannel();
        String q = channel.queueDeclare().getQueue();
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .headers(Map.of("CC", List.of(q), "BCC", q)).build();

        AMQP.Channel.Close close = AmqpAssertions.expectChannelError(406, channel,
                () -> channel.basicPublish("", q, props, "x".getBytes(StandardCharsets.UTF_8)));

        assertEquals("PRECONDITION_FAILED - invalid message: {unacceptable_type_in_header,\"BCC\",longstr}",
                close.getReplyText());
        assertEquals(0, channel.getConnection().createChannel().queueDeclarePassive(q).getMessageCount(),
                "nothing was routed");
    }
}
