package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code x-max-length} / {@code x-max-length-bytes} when delivered messages come back (nack or reject
 * with requeue, basic.recover, a closing channel), as RabbitMQ's classic queue does it:
 * requeue_and_run puts them back in their original places and then runs maybe_drop_head, so with
 * drop-head the limit applies to the ready messages after the requeue, each counted once, and the
 * oldest overflowing ones leave (dead-lettered with reason maxlen when the queue has a DLX).
 * reject-publish and reject-publish-dlx drop nothing on requeue (maybe_drop_head does nothing for
 * them): the queue may then hold more than its limit until consumers take messages.
 */
class MaxLengthRequeueIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    @Test
    void nackRequeueIntoAFullQueueDropsTheOverflowingHead() throws Exception {
        Channel channel = broker.newChannel();
        String queue = declare(channel, Map.of("x-max-length", 3));
        publish(channel, queue, "m1", "m2", "m3");
        GetResponse m1 = Messages.getEventually(channel, queue, false);
        publish(channel, queue, "m4");
        Messages.awaitReady(channel, queue, 3);

        channel.basicNack(m1.getEnvelope().getDeliveryTag(), false, true);
        // back in its place at the head, m1 makes four ready: the head (m1 itself) goes
        assertEquals(3, channel.messageCount(queue));
        assertEquals(List.of("m2", "m3", "m4"), Messages.drain(channel, queue));
    }

    @Test
    void requeueIntoAQueueWithRoomKeepsEverything() throws Exception {
        Channel channel = broker.newChannel();
        String queue = declare(channel, Map.of("x-max-length", 2));
        publish(channel, queue, "m1", "m2");
        GetResponse m1 = Messages.getEventually(channel, queue, false);
        Messages.awaitReady(channel, queue, 1);

        channel.basicReject(m1.getEnvelope().getDeliveryTag(), true);
        // two ready again: exactly the limit, the requeued message counted once
        assertEquals(2, channel.messageCount(queue));
        GetResponse again = channel.basicGet(queue, true);
        assertEquals("m1", Messages.text(again.getBody()));
        assertTrue(again.getEnvelope().isRedeliver());
        assertEquals(List.of("m2"), Messages.drain(channel, queue));
    }

    @Test
    void channelCloseRequeueDeadLettersExactlyTheOverflowingMessages() throws Exception {
        Channel channel = broker.newChannel();
        String deadLetters = deadLetterQueue(channel, "dlx-close");
        String queue = declare(channel, Map.of("x-max-length", 3, "x-dead-letter-exchange", "dlx-close"));

        Channel consumerChannel = broker.newConnection().createChannel();
        consumerChannel.basicQos(2);
        CollectingConsumer consumer = new CollectingConsumer(consumerChannel);
        consumerChannel.basicConsume(queue, false, consumer);
        publish(channel, queue, "m1", "m2", "m3", "m4", "m5");
        consumer.awaitDeliveries(2);
        Messages.awaitReady(channel, queue, 3);
        assertEquals(0, channel.messageCount(deadLetters), "three ready and two unacked: within the limit");

        consumerChannel.close();
        // m1 and m2 return to the head: five ready, the two oldest overflow
        List<GetResponse> dead = deadLettered(channel, deadLetters, 2);
        assertEquals(List.of("m1", "m2"), bodies(dead));
        for (GetResponse d : dead) {
            assertEquals("maxlen", firstDeath(d).get("reason").toString());
            assertEquals(queue, firstDeath(d).get("queue").toString());
        }
        assertEquals(List.of("m3", "m4", "m5"), Messages.drain(channel, queue));
        assertEquals(List.of(), Messages.routedBodies(channel, deadLetters), "nothing else was dead-lettered");
    }

    @Test
    void recoverRequeueIntoAFullQueueWithABytesLimitDeadLettersTheOverflow() throws Exception {
        Channel channel = broker.newChannel();
        String deadLetters = deadLetterQueue(channel, "dlx-bytes");
        // two-byte bodies: six bytes hold three messages
        String queue = declare(channel, Map.of("x-max-length-bytes", 6, "x-dead-letter-exchange", "dlx-bytes"));
        publish(channel, queue, "b1", "b2", "b3");
        Messages.getEventually(channel, queue, false);
        Messages.getEventually(channel, queue, false);
        publish(channel, queue, "b4", "b5");
        Messages.awaitReady(channel, queue, 3);

        channel.basicRecover(true);
        List<GetResponse> dead = deadLettered(channel, deadLetters, 2);
        assertEquals(List.of("b1", "b2"), bodies(dead));
        assertEquals("maxlen", firstDeath(dead.get(0)).get("reason").toString());
        assertEquals(List.of("b3", "b4", "b5"), Messages.drain(channel, queue));
        assertEquals(List.of(), Messages.routedBodies(channel, deadLetters));
    }

    @Test
    void multipleNackRequeueDeadLettersOnlyTheOverflow() throws Exception {
        Channel channel = broker.newChannel();
        String deadLetters = deadLetterQueue(channel, "dlx-room");
        String queue = declare(channel, Map.of("x-max-length", 3, "x-dead-letter-exchange", "dlx-room"));
        publish(channel, queue, "m1", "m2", "m3");
        Messages.getEventually(channel, queue, false);
        GetResponse m2 = Messages.getEventually(channel, queue, false);
        publish(channel, queue, "m4");
        Messages.awaitReady(channel, queue, 2);

        channel.basicNack(m2.getEnvelope().getDeliveryTag(), true, true);
        // m1, m2 back: four ready against three, only m1 (the head) goes
        List<GetResponse> dead = deadLettered(channel, deadLetters, 1);
        assertEquals(List.of("m1"), bodies(dead));
        assertEquals(List.of("m2", "m3", "m4"), Messages.drain(channel, queue));
        assertEquals(List.of(), Messages.routedBodies(channel, deadLetters));
    }

    @Test
    void rejectPublishQueueKeepsRequeuedMessagesBeyondItsLimit() throws Exception {
        Channel channel = broker.newChannel();
        String queue = declare(channel, Map.of("x-max-length", 2, "x-overflow", "reject-publish"));
        publish(channel, queue, "m1", "m2");
        GetResponse m1 = Messages.getEventually(channel, queue, false);
        publish(channel, queue, "m3");
        Messages.awaitReady(channel, queue, 2);

        channel.basicNack(m1.getEnvelope().getDeliveryTag(), false, true);
        assertEquals(3, channel.messageCount(queue), "reject-publish drops nothing on requeue");

        channel.confirmSelect();
        publish(channel, queue, "refused");
        assertFalse(channel.waitForConfirms(30_000), "still over its limit: the next publish is refused");
        assertEquals(List.of("m1", "m2", "m3"), Messages.drain(channel, queue));
    }

    private static String declare(Channel channel, Map<String, Object> args) throws Exception {
        return channel.queueDeclare(EmbeddedBroker.uniqueName("maxlen-requeue"), false, false, false,
                new HashMap<>(args)).getQueue();
    }

    /** A fanout DLX {@code exchange} bound to a fresh queue, whose name is returned. */
    private static String deadLetterQueue(Channel channel, String exchange) throws Exception {
        channel.exchangeDeclare(exchange, "fanout");
        String q = channel.queueDeclare(EmbeddedBroker.uniqueName(exchange), false, false, false, null).getQueue();
        channel.queueBind(q, exchange, "");
        return q;
    }

    private static void publish(Channel channel, String queue, String... bodies) throws Exception {
        for (String body : bodies) {
            Messages.sendToQueue(channel, queue, body);
        }
    }

    private static List<GetResponse> deadLettered(Channel channel, String queue, int n) {
        List<GetResponse> got = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            got.add(Messages.getEventually(channel, queue, true));
        }
        return got;
    }

    private static List<String> bodies(List<GetResponse> responses) {
        return responses.stream().map(r -> Messages.text(r.getBody())).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstDeath(GetResponse r) {
        return ((List<Map<String, Object>>) r.getProps().getHeaders().get("x-death")).get(0);
    }
}
