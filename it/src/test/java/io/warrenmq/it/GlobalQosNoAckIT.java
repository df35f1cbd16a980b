package io.warrenmq.it;

import static io.warrenmq.it.AckIT.queueWith;
import static io.warrenmq.it.QosResumeIT.numbered;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A no-ack consumer on a channel with a channel-wide limit ({@code basic.qos} global=true), as
 * RabbitMQ's limiter decides it: the queue asks {@code can_send} for no-ack consumers too, which
 * refuses while the channel's unacked count is at the limit and, when it allows, does not count a
 * delivery that needs no ack. So the no-ack consumer waits while the channel's manual-ack
 * consumers hold the whole window, and takes everything once there is room.
 *
 * <p>"Received nothing" is read from the broker: the no-ack consumer's queue keeps its messages
 * ready, checked by round trips that follow the publishes on their channel.
 */
class GlobalQosNoAckIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    @Test
    void noAckConsumerWaitsWhileTheChannelWindowIsFullAndNeverCountsTowardIt() throws Exception {
        Connection connection = broker.newConnection();
        String manualQueue = queueWith(connection, "a0", "a1");
        String noAckQueue = queueWith(connection);
        Channel publisher = connection.createChannel();
        Channel channel = connection.createChannel();
        channel.basicQos(2, true);
        CollectingConsumer manual = new CollectingConsumer(channel);
        channel.basicConsume(manualQueue, false, manual);
        manual.awaitDeliveries(2);
        Messages.awaitReady(channel, manualQueue, 0);

        CollectingConsumer noAck = new CollectingConsumer(channel);
        channel.basicConsume(noAckQueue, true, noAck);
        for (String body : numbered("n", 5)) {
            Messages.sendToQueue(publisher, noAckQueue, body);
        }
        assertStaysReady(publisher, noAckQueue, 5);
        assertEquals(0, noAck.count(), "a full channel-wide window holds the no-ack consumer too");

        // one ack brings the unacked count below the limit: the no-ack consumer takes all it can
        channel.basicAck(manual.deliveries().get(0).deliveryTag(), false);
        noAck.awaitDeliveries(5);
        Messages.awaitReady(publisher, noAckQueue, 0);

        // its deliveries use none of the window: with room left it receives without bound
        String[] many = numbered("x", 200);
        for (String body : many) {
            Messages.sendToQueue(publisher, noAckQueue, body);
        }
        noAck.awaitDeliveries(205);
        assertEquals(205, noAck.count());

        // a manual-ack delivery fills the window again: the no-ack consumer stops once more
        Messages.sendToQueue(publisher, manualQueue, "a2");
        manual.awaitDeliveries(3);
        for (String body : numbered("y", 3)) {
            Messages.sendToQueue(publisher, noAckQueue, body);
        }
        assertStaysReady(publisher, noAckQueue, 3);
        assertEquals(205, noAck.count());

        channel.basicAck(manual.deliveries().get(2).deliveryTag(), true);
        noAck.awaitDeliveries(208);
        List<String> texts = noAck.texts();
        assertEquals(List.of(numbered("n", 5)), texts.subList(0, 5));
        assertEquals(List.of(many), texts.subList(5, 205));
        assertEquals(List.of(numbered("y", 3)), texts.subList(205, 208));
        assertEquals(List.of("a0", "a1", "a2"), manual.texts());
    }

    @Test
    void noAckConsumerAloneIsNeverHeldByTheChannelWindow() throws Exception {
        Connection connection = broker.newConnection();
        String queue = queueWith(connection, numbered("m", 100));
        Channel channel = connection.createChannel();
        channel.basicQos(1, true);
        CollectingConsumer noAck = new CollectingConsumer(channel);
        channel.basicConsume(queue, true, noAck);
        noAck.awaitDeliveries(100);
        assertEquals(List.of(numbered("m", 100)), noAck.texts());
    }

    /**
     * The queue holds {@code ready} messages at two successive round trips on the publishing channel:
     * the first follows the publishes, the second the queue's dispatch after them.
     */
    private static void assertStaysReady(Channel publisher, String queue, int ready) throws Exception {
        Messages.awaitReady(publisher, queue, ready);
        assertEquals(ready, publisher.messageCount(queue), "still ready: nothing was delivered");
    }
}
