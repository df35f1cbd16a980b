package io.warrenmq.it;

import static io.warrenmq.it.AckIT.getAll;
import static io.warrenmq.it.AckIT.queueWith;
import static io.warrenmq.it.AmqpAssertions.expectChannelError;
import static io.warrenmq.it.Messages.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * basic.reject (AMQP 0-9-1) and RabbitMQ's basic.nack extension: requeue puts messages back, with
 * redelivered set, in their original queue order; requeue=false discards them (no dead-lettering
 * configured here).
 */
class NackRejectIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    /**
     * basic.nack multiple+requeue returns every outstanding delivery up to the tag; RabbitMQ puts
     * requeued messages back at their original position, so they come out in the original order.
     */
    @Test
    void nackMultipleWithRequeueRedeliversInOriginalOrder() throws Exception {
        Connection connection = broker.newConnection();
        String queue = queueWith(connection, "m0", "m1", "m2", "m3", "m4");
        Channel channel = connection.createChannel();
        List<Long> tags = getAll(channel, queue, 5);
        channel.basicNack(tags.get(4), true, true);

        List<String> again = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            GetResponse response = Messages.getEventually(channel, queue, true);
            assertTrue(response.getEnvelope().isRedeliver(), "requeued message must be flagged redelivered");
            again.add(text(response.getBody()));
        }
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), again);
    }

    /** A requeued message goes back ahead of messages that were never delivered. */
    @Test
    void requeuedMessageGoesBackAheadOfUndeliveredOnes() throws Exception {
        Connection connection = broker.newConnection();
        String queue = queueWith(connection, "first", "second", "third");
        Channel channel = connection.createChannel();
        long tag = Messages.getEventually(channel, queue, false).getEnvelope().getDeliveryTag();
        channel.basicNack(tag, false, true);
        Await.until("the nacked message to be ready again", () -> channel.messageCount(queue) == 3);
        assertEquals(List.of("first", "second", "third"), Messages.drain(channel, queue));
    }

    /** basic.nack with multiple=false touches only that delivery. */
    @Test
    void singleNackRequeuesOnlyThatDelivery() throws Exception {
        Connection connection = broker.newConnection();
        String queue = queueWith(connection, "a", "b", "c");
        Channel channel = connection.createChannel();
        List<Long> tags = getAll(channel, queue, 3);
        channel.basicNack(tags.get(1), false, true);

        GetResponse back = Messages.getEventually(channel, queue, false);
        assertEquals("b", text(back.getBody()));
        assertTrue(back.getEnvelope().isRedeliver());
        channel.basicAck(0, true);
        assertEquals(0, channel.messageCount(queue));
    }

    /** basic.reject requeue=true: the message is redelivered, flagged redelivered. */
    @Test
    void rejectWithRequeueRedeliversTheMessage() throws Exception {
        Connection connection = broker.newConnection();
        String queue = queueWith(connection, "bounce");
        Channel channel = connection.createChannel();
        GetResponse first = Messages.getEventually(channel, queue, false);
        assertFalse(first.getEnvelope().isRedeliver());
        channel.basicReject(first.getEnvelope().getDeliveryTag(), true);

        GetResponse again = Messages.getEventually(channel, queue, true);
        assertEquals("bounce", text(again.getBody()));
        assertTrue(again.getEnvelope().isRedeliver());
    }

    /** basic.reject requeue=false: "the server will discard or dead-letter the message" — it is gone. */
    @Test
    void rejectWithoutRequeueDropsTheMessage() throws Exception {
        Connection connection = broker.newConnection();
        String queue = queueWith(connection, "dropped", "kept");
        Channel channel = connection.createChannel();
        GetResponse dropped = Messages.getEventually(channel, queue, false);
        channel.basicReject(dropped.getEnvelope().getDeliveryTag(), false);
        channel.close();

        Channel checker = connection.createChannel();
        assertEquals(List.of("kept"), Messages.routedBodies(checker, queue));
    }

    /** basic.nack multiple with requeue=false discards every outstanding delivery up to the tag. */
    @Test
    void nackMultipleWithoutRequeueDropsThemAll() throws Exception {
        Connection connection = broker.newConnection();
        String queue = queueWith(connection, "x0", "x1", "x2", "kept");
        Channel channel = connection.createChannel();
        List<Long> tags = getAll(channel, queue, 3);
        channel.basicNack(tags.get(2), true, false);
        channel.close();

        Channel checker = connection.createChannel();
        assertEquals(List.of("kept"), Messages.routedBodies(checker, queue));
    }

    /** basic.nack of a tag that was never delivered: PRECONDITION_FAILED "unknown delivery tag". */
    @Test
    void nackOfAnUnknownDeliveryTagIsPreconditionFailed() throws Exception {
        Channel channel = broker.newChannel();
        expectChannelError(AMQP.PRECONDITION_FAILED, channel, () -> channel.basicNack(7, false, true));
    }

    /** basic.reject of a tag that was never delivered: PRECONDITION_FAILED "unknown delivery tag". */
    @Test
    void rejectOfAnUnknownDeliveryTagIsPreconditionFailed() throws Exception {
        Channel channel = broker.newChannel();
        expectChannelError(AMQP.PRECONDITION_FAILED, channel, () -> channel.basicReject(3, false));
    }

    /** A rejected delivery is settled: acking it afterwards is an unknown tag. */
    @Test
    void ackAfterRejectIsPreconditionFailed() throws Exception {
        Connection connection = broker.newConnection();
        String queue = queueWith(connection, "settled");
        Channel channel = connection.createChannel();
        long tag = Messages.getEventually(channel, queue, false).getEnvelope().getDeliveryTag();
        channel.basicReject(tag, true);
        expectChannelError(AMQP.PRECONDITION_FAILED, channel, () -> channel.basicAck(tag, false));
    }
}
