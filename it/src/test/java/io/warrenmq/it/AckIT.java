package io.warrenmq.it;

import static io.warrenmq.it.AmqpAssertions.expectChannelError;
import static io.warrenmq.it.Messages.awaitReady;
import static io.warrenmq.it.Messages.sendToQueue;
import static io.warrenmq.it.Messages.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * basic.ack (AMQP 0-9-1 basic class). An acknowledged message is gone; unacknowledged ones come
 * back when their channel closes, which is how these tests tell the two apart.
 */
class AckIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    /** An acked message is not requeued when the channel closes; an unacked one is. */
    @Test
    void ackedMessageIsNotRequeuedWhenTheChannelCloses() throws Exception {
        Connection connection = broker.newConnection();
        String queue = queueWith(connection, "m0", "m1");
        Channel channel = connection.createChannel();
        GetResponse first = Messages.getEventually(channel, queue, false);
        Messages.getEventually(channel, queue, false);
        channel.basicAck(first.getEnvelope().getDeliveryTag(), false);
        channel.close();

        assertEquals(List.of("m1"), requeuedAfterClose(connection, queue, 1));
    }

    /** §basic.ack multiple: "the delivery tag is treated as "up to and including"". */
    @Test
    void multipleAckAcknowledgesEverythingUpToTheTag() throws Exception {
        Connection connection = broker.newConnection();
        String queue = queueWith(connection, "m0", "m1", "m2", "m3", "m4");
        Channel channel = connection.createChannel();
        List<Long> tags = getAll(channel, queue, 5);
        channel.basicAck(tags.get(2), true);
        channel.close();

        assertEquals(List.of("m3", "m4"), requeuedAfterClose(connection, queue, 2));
    }

    /**
     * §basic.ack: "If the multiple field is 1, and the delivery tag is zero, this indicates
     * acknowledgement of all outstanding messages."
     */
    @Test
    void multipleAckWithTagZeroAcknowledgesAllOutstanding() throws Exception {
        Connection connection = broker.newConnection();
        String queue = queueWith(connection, "m0", "m1", "m2", "m3");
        Channel channel = connection.createChannel();
        getAll(channel, queue, 3);
        channel.basicAck(0, true);
        Messages.getEventually(channel, queue, false); // m3, delivered after the ack-all
        channel.close();

        assertEquals(List.of("m3"), requeuedAfterClose(connection, queue, 1));
    }

    /**
     * §basic.ack: "The server MUST validate that a non-zero delivery-tag refers to a delivered
     * message, and raise a channel exception if this is not the case." RabbitMQ: PRECONDITION_FAILED
     * "unknown delivery tag".
     */
    @Test
    void ackOfAnUnknownDeliveryTagIsPreconditionFailed() throws Exception {
        Channel channel = broker.newChannel();
        expectChannelError(AMQP.PRECONDITION_FAILED, channel, () -> channel.basicAck(42, false));
    }

    /** Acking the same delivery twice: the second ack refers to no outstanding delivery (406). */
    @Test
    void doubleAckIsPreconditionFailed() throws Exception {
        Connection connection = broker.newConnection();
        String queue = queueWith(connection, "once");
        Channel channel = connection.createChannel();
        long tag = Messages.getEventually(channel, queue, false).getEnvelope().getDeliveryTag();
        channel.basicAck(tag, false);
        expectChannelError(AMQP.PRECONDITION_FAILED, channel, () -> channel.basicAck(tag, false));
    }

    /** Delivery tags are channel-scoped: acking another channel's tag is an unknown tag (406). */
    @Test
    void ackOnAnotherChannelIsPreconditionFailed() throws Exception {
        Connection connection = broker.newConnection();
        String queue = queueWith(connection, "elsewhere");
        Channel getter = connection.createChannel();
        long tag = Messages.getEventually(getter, queue, false).getEnvelope().getDeliveryTag();
        Channel stranger = connection.createChannel();
        expectChannelError(AMQP.PRECONDITION_FAILED, stranger, () -> stranger.basicAck(tag, false));
        getter.basicAck(tag, false);
    }

    /** A no-ack delivery is never outstanding, so acking it is an unknown tag (406). */
    @Test
    void ackOfAnAutoAckedDeliveryIsPreconditionFailed() throws Exception {
        Connection connection = broker.newConnection();
        String queue = queueWith(connection, "auto");
        Channel channel = connection.createChannel();
        long tag = Messages.getEventually(channel, queue, true).getEnvelope().getDeliveryTag();
        expectChannelError(AMQP.PRECONDITION_FAILED, channel, () -> channel.basicAck(tag, false));
    }

    /** Acks from a consumer (not basic.get) work the same way. */
    @Test
    void consumerAcksRemoveMessages() throws Exception {
        Connection connection = broker.newConnection();
        String queue = queueWith(connection, "c0", "c1", "c2");
        Channel channel = connection.createChannel();
        CollectingConsumer consumer = new CollectingConsumer(channel);
        channel.basicConsume(queue, false, consumer);
        List<CollectingConsumer.Delivery> deliveries = consumer.awaitDeliveries(3);
        channel.basicAck(deliveries.get(0).deliveryTag(), false);
        channel.basicAck(deliveries.get(2).deliveryTag(), false);
        channel.close();

        assertEquals(List.of("c1"), requeuedAfterClose(connection, queue, 1));
    }

    /** A non-exclusive queue holding {@code bodies}, all ready. */
    static String queueWith(Connection connection, String... bodies) throws Exception {
        Channel channel = connection.createChannel();
        String queue = channel.queueDeclare(EmbeddedBroker.uniqueName("acks"), false, false, false, null).getQueue();
        for (String body : bodies) {
            sendToQueue(channel, queue, body);
        }
        awaitReady(channel, queue, bodies.length);
        channel.close();
        return queue;
    }

    /** basic.get (no auto-ack) of {@code n} messages; returns their delivery tags. */
    static List<Long> getAll(Channel channel, String queue, int n) {
        List<Long> tags = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tags.add(Messages.getEventually(channel, queue, false).getEnvelope().getDeliveryTag());
        }
        return tags;
    }

    /**
     * Waits for at least {@code expected} messages to be back in the queue after a close, then
     * drains it; returns the bodies, each checked to carry redelivered=true.
     */
    static List<String> requeuedAfterClose(Connection connection, String queue, int expected) throws IOException {
        Channel checker = connection.createChannel();
        Await.until(expected + " messages requeued into '" + queue + "'", () -> checker.messageCount(queue) >= expected);
        List<String> bodies = new ArrayList<>();
        GetResponse response;
        while ((response = checker.basicGet(queue, true)) != null) {
            bodies.add(text(response.getBody()));
            assertEquals(true, response.getEnvelope().isRedeliver(), "requeued message must be flagged redelivered");
        }
        return bodies;
    }
}
