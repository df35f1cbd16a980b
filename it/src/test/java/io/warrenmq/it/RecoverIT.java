package io.warrenmq.it;

import static io.warrenmq.it.AckIT.getAll;
import static io.warrenmq.it.AckIT.queueWith;
import static io.warrenmq.it.AmqpAssertions.expectConnectionError;
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
 * basic.recover (AMQP 0-9-1): "asks the server to redeliver all unacknowledged messages on a
 * specified channel". RabbitMQ supports only requeue=true.
 */
class RecoverIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    /** recover(requeue=true) puts every unacked message of the channel back, redelivered, in order. */
    @Test
    void recoverRequeuesUnackedMessagesWithTheRedeliveredFlag() throws Exception {
        Connection connection = broker.newConnection();
        String queue = queueWith(connection, "r0", "r1", "r2");
        Channel channel = connection.createChannel();
        getAll(channel, queue, 3);
        channel.basicRecover(true);

        List<String> again = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            GetResponse response = Messages.getEventually(channel, queue, true);
            assertTrue(response.getEnvelope().isRedeliver(), "recovered message must be flagged redelivered");
            again.add(text(response.getBody()));
        }
        assertEquals(List.of("r0", "r1", "r2"), again);
    }

    /** A consumer with unacked deliveries receives them again after recover. */
    @Test
    void recoverRedeliversToTheConsumer() throws Exception {
        Connection connection = broker.newConnection();
        String queue = queueWith(connection, "c0", "c1");
        Channel channel = connection.createChannel();
        CollectingConsumer consumer = new CollectingConsumer(channel);
        channel.basicConsume(queue, false, consumer);
        List<CollectingConsumer.Delivery> first = consumer.awaitDeliveries(2);
        assertFalse(first.get(0).redelivered());

        channel.basicRecover();
        List<CollectingConsumer.Delivery> all = consumer.awaitDeliveries(4);
        List<CollectingConsumer.Delivery> redelivered = all.subList(2, 4);
        assertEquals(List.of("c0", "c1"), redelivered.stream().map(CollectingConsumer.Delivery::text).toList());
        assertTrue(redelivered.stream().allMatch(CollectingConsumer.Delivery::redelivered));
        // the old delivery tags are void; the new ones can be acked
        channel.basicAck(redelivered.get(1).deliveryTag(), true);
        assertEquals(0, channel.messageCount(queue));
    }

    /** Recover with nothing outstanding is a no-op answered with recover-ok. */
    @Test
    void recoverWithNothingUnackedSucceeds() throws Exception {
        Channel channel = broker.newChannel();
        channel.basicRecover(true);
        assertTrue(channel.isOpen());
    }

    /** RabbitMQ does not implement requeue=false: NOT_IMPLEMENTED (540), a connection error. */
    @Test
    void recoverWithoutRequeueIsNotImplemented() throws Exception {
        Connection connection = broker.newConnection();
        Channel channel = connection.createChannel();
        expectConnectionError(AMQP.NOT_IMPLEMENTED, connection, () -> channel.basicRecover(false));
    }
}
