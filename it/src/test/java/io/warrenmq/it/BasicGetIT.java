package io.warrenmq.it;

import static io.warrenmq.it.AmqpAssertions.expectChannelError;
import static io.warrenmq.it.EmbeddedBroker.uniqueName;
import static io.warrenmq.it.Messages.awaitReady;
import static io.warrenmq.it.Messages.sendToQueue;
import static io.warrenmq.it.Messages.text;
import static io.warrenmq.it.Messages.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.LongString;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** basic.get / get-ok / get-empty (AMQP 0-9-1 basic class): synchronous, pull-style consumption. */
class BasicGetIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    /** basic.get-empty: "This method tells the client that the queue has no messages available." */
    @Test
    void getOnEmptyQueueReturnsGetEmpty() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        assertNull(channel.basicGet(queue, true));
        assertNull(channel.basicGet(queue, false));
    }

    /**
     * get-ok carries delivery-tag, redelivered, exchange, routing-key and message-count ("the number
     * of messages present in the queue" after this one), plus the content header and body unchanged.
     */
    @Test
    void getOkCarriesEnvelopePropertiesBodyAndRemainingCount() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        AMQP.BasicProperties sent = new AMQP.BasicProperties.Builder()
                .contentType("text/plain")
                .contentEncoding("utf-8")
                .deliveryMode(2)
                .priority(3)
                .correlationId("corr-1")
                .replyTo("reply-queue")
                .messageId("msg-1")
                .timestamp(new Date(1_700_000_000_000L))
                .type("greeting")
                .appId("warren-it")
                .headers(Map.of("color", "blue"))
                .build();
        channel.basicPublish("", queue, sent, utf8("first"));
        sendToQueue(channel, queue, "second");
        sendToQueue(channel, queue, "third");
        awaitReady(channel, queue, 3);

        GetResponse response = channel.basicGet(queue, false);
        assertNotNull(response);
        assertEquals("first", text(response.getBody()));
        assertEquals(2, response.getMessageCount(), "messages left in the queue after this one");
        Envelope envelope = response.getEnvelope();
        assertEquals(1, envelope.getDeliveryTag(), "first delivery tag on a channel is 1");
        assertFalse(envelope.isRedeliver());
        assertEquals("", envelope.getExchange());
        assertEquals(queue, envelope.getRoutingKey());

        AMQP.BasicProperties received = response.getProps();
        assertEquals("text/plain", received.getContentType());
        assertEquals("utf-8", received.getContentEncoding());
        assertEquals(2, received.getDeliveryMode());
        assertEquals(3, received.getPriority());
        assertEquals("corr-1", received.getCorrelationId());
        assertEquals("reply-queue", received.getReplyTo());
        assertEquals("msg-1", received.getMessageId());
        assertEquals(new Date(1_700_000_000_000L), received.getTimestamp());
        assertEquals("greeting", received.getType());
        assertEquals("warren-it", received.getAppId());
        assertEquals("blue", String.valueOf(received.getHeaders().get("color")));

        GetResponse second = channel.basicGet(queue, false);
        assertEquals(2, second.getEnvelope().getDeliveryTag(), "delivery tags increase per channel");
        assertEquals(1, second.getMessageCount());
    }

    /** Field tables (spec §4.2.5.5) in headers survive the broker byte for byte, for every type the Java client writes. */
    @Test
    void headersOfEveryFieldTypeSurviveTheRoundTrip() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        Map<String, Object> headers = new HashMap<>();
        headers.put("string", "héllo");
        headers.put("int", 42);
        headers.put("long", 1L << 40);
        headers.put("short", (short) -7);
        headers.put("byte", (byte) 5);
        headers.put("bool", true);
        headers.put("double", 2.5d);
        headers.put("float", 1.25f);
        headers.put("decimal", new BigDecimal("123.45"));
        headers.put("timestamp", new Date(1_600_000_000_000L));
        headers.put("bytes", new byte[] {1, 2, 3, (byte) 0xCE});
        headers.put("list", List.of("a", 1, false));
        headers.put("table", Map.of("nested", "yes", "depth", 2));
        headers.put("void", null);
        channel.basicPublish("", queue, new AMQP.BasicProperties.Builder().headers(headers).build(), utf8("typed"));

        Map<String, Object> got = Messages.getEventually(channel, queue, true).getProps().getHeaders();
        assertEquals("héllo", got.get("string").toString());
        assertEquals(42, got.get("int"));
        assertEquals(1L << 40, got.get("long"));
        assertEquals((short) -7, got.get("short"));
        assertEquals((byte) 5, got.get("byte"));
        assertEquals(true, got.get("bool"));
        assertEquals(2.5d, got.get("double"));
        assertEquals(1.25f, got.get("float"));
        assertEquals(new BigDecimal("123.45"), got.get("decimal"));
        assertEquals(new Date(1_600_000_000_000L), got.get("timestamp"));
        assertArrayEquals(new byte[] {1, 2, 3, (byte) 0xCE}, (byte[]) got.get("bytes"));
        List<?> list = assertInstanceOf(List.class, got.get("list"));
        assertEquals(List.of("a", 1, false), new ArrayList<>(list.stream()
                .map(v -> v instanceof LongString s ? s.toString() : v).toList()));
        Map<?, ?> table = assertInstanceOf(Map.class, got.get("table"));
        assertEquals("yes", table.get("nested").toString());
        assertEquals(2, table.get("depth"));
        assertEquals(true, got.containsKey("void"));
        assertNull(got.get("void"));
    }

    /** Messages come out of a queue in the order they went in (FIFO) when nothing is requeued. */
    @Test
    void getReturnsMessagesInPublishOrder() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sent.add("m" + i);
            sendToQueue(channel, queue, "m" + i);
        }
        awaitReady(channel, queue, 50);
        assertEquals(sent, Messages.drain(channel, queue));
    }

    /** basic.get no-ack: the message is considered acknowledged once sent, so it is gone for good. */
    @Test
    void getWithAutoAckRemovesTheMessage() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        sendToQueue(channel, queue, "once");
        assertEquals("once", text(Messages.getEventually(channel, queue, true).getBody()));
        channel.close();

        // closing the channel would requeue an unacked message; an auto-acked one must stay gone
        Channel other = channel.getConnection().createChannel();
        assertEquals(List.of(), Messages.routedBodies(other, queue), "an auto-acked message must not come back");
    }

    /** Without no-ack the message stays unacknowledged (not ready) until acked. */
    @Test
    void getWithoutAutoAckHoldsTheMessageUntilAcked() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        sendToQueue(channel, queue, "held");
        GetResponse response = Messages.getEventually(channel, queue, false);
        assertEquals(0, channel.messageCount(queue), "unacked messages are not ready");
        assertNull(channel.basicGet(queue, false));
        channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
        assertEquals(0, channel.messageCount(queue));
    }

    /** basic.get on a queue that does not exist is NOT_FOUND. */
    @Test
    void getFromAMissingQueueIsNotFound() throws Exception {
        Channel channel = broker.newChannel();
        expectChannelError(AMQP.NOT_FOUND, () -> channel.basicGet(uniqueName("missing"), true));
    }
}
