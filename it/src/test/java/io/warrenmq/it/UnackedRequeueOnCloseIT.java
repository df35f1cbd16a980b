package io.warrenmq.it;

import static io.warrenmq.it.AckIT.queueWith;
import static io.warrenmq.it.AckIT.requeuedAfterClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * AMQP 0-9-1 §3.1.4 / basic.ack: "messages that are not acknowledged are redelivered when the
 * channel or connection closes" — RabbitMQ requeues them with redelivered=true at their original
 * position.
 */
class UnackedRequeueOnCloseIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    /** Closing the channel requeues its consumer's unacked deliveries, in order, flagged redelivered. */
    @Test
    void unackedDeliveriesAreRequeuedWhenTheChannelCloses() throws Exception {
        Connection connection = broker.newConnection();
        String queue = queueWith(connection, "u0", "u1", "u2");
        Channel channel = connection.createChannel();
        CollectingConsumer consumer = new CollectingConsumer(channel);
        channel.basicConsume(queue, false, consumer);
        consumer.awaitDeliveries(3);
        channel.close();

        assertEquals(List.of("u0", "u1", "u2"), requeuedAfterClose(connection, queue, 3));
    }

    /** Closing the connection requeues the unacked deliveries of all its channels. */
    @Test
    void unackedDeliveriesAreRequeuedWhenTheConnectionCloses() throws Exception {
        Connection owner = broker.newConnection();
        String queue = queueWith(owner, "v0", "v1", "v2", "v3");
        Channel consuming = owner.createChannel();
        consuming.basicQos(2);
        CollectingConsumer consumer = new CollectingConsumer(consuming);
        consuming.basicConsume(queue, false, consumer);
        consumer.awaitDeliveries(2);
        Messages.awaitReady(consuming, queue, 2);
        Channel getting = owner.createChannel();
        AckIT.getAll(getting, queue, 2);
        owner.close();

        Connection observer = broker.newConnection();
        assertEquals(List.of("v0", "v1", "v2", "v3"), requeuedAfterClose(observer, queue, 4));
    }

    /** Messages taken with basic.get (no auto-ack) are requeued on close just like consumer deliveries. */
    @Test
    void unackedGetsAreRequeuedWhenTheChannelCloses() throws Exception {
        Connection connection = broker.newConnection();
        String queue = queueWith(connection, "g0", "g1");
        Channel channel = connection.createChannel();
        AckIT.getAll(channel, queue, 2);
        channel.close();

        assertEquals(List.of("g0", "g1"), requeuedAfterClose(connection, queue, 2));
    }

    /** Only the unacked remainder comes back; acked deliveries stay gone. */
    @Test
    void onlyUnackedDeliveriesComeBack() throws Exception {
        Connection connection = broker.newConnection();
        String queue = queueWith(connection, "w0", "w1", "w2", "w3");
        Channel channel = connection.createChannel();
        CollectingConsumer consumer = new CollectingConsumer(channel);
        channel.basicConsume(queue, false, consumer);
        List<CollectingConsumer.Delivery> deliveries = consumer.awaitDeliveries(4);
        channel.basicAck(deliveries.get(1).deliveryTag(), true);
        channel.close();

        assertEquals(List.of("w2", "w3"), requeuedAfterClose(connection, queue, 2));
    }

    /** A waiting consumer on another connection receives the requeued messages, flagged redelivered. */
    @Test
    void requeuedMessagesGoToTheNextConsumer() throws Exception {
        Connection first = broker.newConnection();
        String queue = queueWith(first, "h0", "h1");
        Channel firstChannel = first.createChannel();
        CollectingConsumer firstConsumer = new CollectingConsumer(firstChannel);
        firstChannel.basicConsume(queue, false, firstConsumer);
        firstConsumer.awaitDeliveries(2);

        Channel secondChannel = broker.newConnection().createChannel();
        CollectingConsumer secondConsumer = new CollectingConsumer(secondChannel);
        secondChannel.basicConsume(queue, false, secondConsumer);
        first.close();

        List<CollectingConsumer.Delivery> redelivered = secondConsumer.awaitDeliveries(2);
        assertEquals(List.of("h0", "h1"), secondConsumer.texts());
        assertTrue(redelivered.stream().allMatch(CollectingConsumer.Delivery::redelivered));
    }
}
