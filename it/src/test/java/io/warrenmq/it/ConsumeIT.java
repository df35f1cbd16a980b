package io.warrenmq.it;

import static io.warrenmq.it.AmqpAssertions.expectChannelError;
import static io.warrenmq.it.AmqpAssertions.expectConnectionError;
import static io.warrenmq.it.EmbeddedBroker.uniqueName;
import static io.warrenmq.it.Messages.awaitReady;
import static io.warrenmq.it.Messages.sendToQueue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** basic.consume / basic.deliver / basic.cancel (AMQP 0-9-1 basic class): push-style consumption. */
class ConsumeIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    /**
     * §basic.consume consumer-tag: "If this field is empty the server will generate a unique tag"
     * (RabbitMQ: "amq.ctag-..."); deliveries carry that tag, in queue order, redelivered=false.
     */
    @Test
    void consumerReceivesMessagesInOrderUnderAServerGeneratedTag() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        CollectingConsumer consumer = new CollectingConsumer(channel);
        String tag = channel.basicConsume(queue, true, consumer);
        assertTrue(tag.startsWith("amq.ctag-"), tag);

        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sent.add("m" + i);
            sendToQueue(channel, queue, "m" + i);
        }
        List<CollectingConsumer.Delivery> deliveries = consumer.awaitDeliveries(10);
        assertEquals(sent, consumer.texts());
        for (CollectingConsumer.Delivery delivery : deliveries) {
            assertEquals(tag, delivery.consumerTag());
            assertFalse(delivery.redelivered());
            assertEquals("", delivery.envelope().getExchange());
            assertEquals(queue, delivery.envelope().getRoutingKey());
        }
    }

    /** Messages already in the queue are delivered when the consumer starts. */
    @Test
    void consumerReceivesMessagesThatWereWaitingInTheQueue() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        for (int i = 0; i < 5; i++) {
            sendToQueue(channel, queue, "early" + i);
        }
        awaitReady(channel, queue, 5);
        CollectingConsumer consumer = new CollectingConsumer(channel);
        channel.basicConsume(queue, true, "my-own-tag", consumer);
        consumer.awaitDeliveries(5);
        assertEquals(List.of("early0", "early1", "early2", "early3", "early4"), consumer.texts());
        assertEquals("my-own-tag", consumer.deliveries().get(0).consumerTag(), "a client-chosen tag is used as is");
    }

    /** With several consumers on one queue RabbitMQ hands messages out round-robin. */
    @Test
    void twoConsumersShareAQueueRoundRobin() throws Exception {
        Connection connection = broker.newConnection();
        Channel publisher = connection.createChannel();
        String queue = publisher.queueDeclare().getQueue();
        Channel firstChannel = connection.createChannel();
        Channel secondChannel = connection.createChannel();
        CollectingConsumer first = new CollectingConsumer(firstChannel);
        CollectingConsumer second = new CollectingConsumer(secondChannel);
        firstChannel.basicConsume(queue, true, first);
        secondChannel.basicConsume(queue, true, second);

        for (int i = 0; i < 10; i++) {
            sendToQueue(publisher, queue, "m" + i);
        }
        Await.until("all 10 messages delivered", () -> first.count() + second.count() >= 10);
        assertEquals(5, first.count(), () -> "first consumer got " + first.texts() + ", second " + second.texts());
        assertEquals(5, second.count(), () -> "first consumer got " + first.texts() + ", second " + second.texts());
    }

    /**
     * §basic.consume exclusive: "Request exclusive consumer access, meaning only this consumer can
     * access the queue" — RabbitMQ refuses any other consumer with ACCESS_REFUSED "in exclusive use".
     */
    @Test
    void exclusiveConsumerLocksOutOtherConsumers() throws Exception {
        Connection connection = broker.newConnection();
        Channel owner = connection.createChannel();
        String queue = uniqueName("exclusive-consumer");
        owner.queueDeclare(queue, false, false, true, null);
        owner.basicConsume(queue, true, "", false, true, Map.of(), new CollectingConsumer(owner));

        Channel intruder = connection.createChannel();
        expectChannelError(AMQP.ACCESS_REFUSED, () -> intruder.basicConsume(queue, true, new CollectingConsumer(intruder)));
    }

    /** An exclusive consume is refused (ACCESS_REFUSED) while the queue already has consumers. */
    @Test
    void exclusiveConsumeOnAQueueWithConsumersIsAccessRefused() throws Exception {
        Connection connection = broker.newConnection();
        Channel first = connection.createChannel();
        String queue = uniqueName("shared");
        first.queueDeclare(queue, false, false, true, null);
        first.basicConsume(queue, true, new CollectingConsumer(first));

        Channel second = connection.createChannel();
        expectChannelError(AMQP.ACCESS_REFUSED,
                () -> second.basicConsume(queue, true, "", false, true, Map.of(), new CollectingConsumer(second)));
    }

    /**
     * §basic.cancel: after cancel-ok the consumer gets no more messages; messages published later
     * stay in the queue.
     */
    @Test
    void cancelStopsDeliveriesAndLeavesLaterMessagesInTheQueue() throws Exception {
        Channel channel = broker.newChannel();
        // not auto-delete: that would (rightly) delete the queue when its only consumer cancels
        String queue = channel.queueDeclare(uniqueName("cancelled"), false, true, false, null).getQueue();
        CollectingConsumer consumer = new CollectingConsumer(channel);
        String tag = channel.basicConsume(queue, true, consumer);
        sendToQueue(channel, queue, "before");
        consumer.awaitDeliveries(1);

        channel.basicCancel(tag);
        Await.until("cancel-ok to reach the consumer", consumer::cancelOkReceived);
        sendToQueue(channel, queue, "after1");
        sendToQueue(channel, queue, "after2");
        awaitReady(channel, queue, 2);
        assertEquals(List.of("before"), consumer.texts());
        assertEquals(0, channel.queueDeclarePassive(queue).getConsumerCount());
    }

    /**
     * RabbitMQ: reusing a consumer tag that is active on the channel is NOT_ALLOWED ("attempt to
     * reuse consumer tag"), a connection error.
     */
    @Test
    void reusingAnActiveConsumerTagIsNotAllowed() throws Exception {
        Connection connection = broker.newConnection();
        Channel channel = connection.createChannel();
        String queue = channel.queueDeclare().getQueue();
        channel.basicConsume(queue, true, "same-tag", new CollectingConsumer(channel));
        expectConnectionError(AMQP.NOT_ALLOWED, connection,
                () -> channel.basicConsume(queue, true, "same-tag", new CollectingConsumer(channel)));
    }

    /** basic.consume on a queue that does not exist is NOT_FOUND. */
    @Test
    void consumingFromAMissingQueueIsNotFound() throws Exception {
        Channel channel = broker.newChannel();
        expectChannelError(AMQP.NOT_FOUND,
                () -> channel.basicConsume(uniqueName("missing"), true, new CollectingConsumer(channel)));
    }

    /**
     * RabbitMQ's consumer cancel notification: when a queue is deleted its consumers receive a
     * server-sent basic.cancel (the Java client advertises consumer_cancel_notify).
     */
    @Test
    void deletingAQueueCancelsItsConsumers() throws Exception {
        Connection connection = broker.newConnection();
        Channel consumerChannel = connection.createChannel();
        String queue = uniqueName("to-delete");
        consumerChannel.queueDeclare(queue, false, false, false, null);
        CollectingConsumer consumer = new CollectingConsumer(consumerChannel);
        consumerChannel.basicConsume(queue, true, consumer);

        connection.createChannel().queueDelete(queue);
        Await.until("the broker to send basic.cancel to the consumer", consumer::cancelledByBroker);
        assertTrue(consumerChannel.isOpen(), "a consumer cancel notification does not close the channel");
    }
}
