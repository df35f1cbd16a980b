package io.warrenmq.it;

import static io.warrenmq.it.AckIT.queueWith;
import static io.warrenmq.it.AmqpAssertions.expectConnectionError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * basic.qos prefetch-count (AMQP 0-9-1; RabbitMQ semantics): "the server will send a message in
 * advance if it is equal to or less than the prefetch count" of unacknowledged messages. With
 * global=false the limit applies to each new consumer on the channel, with global=true to the
 * channel as a whole.
 *
 * <p>"Exactly N delivered" is checked from the broker's side: declare-ok's message-count counts
 * only ready messages, so once the consumer holds N it stays at total - N until an ack.
 */
class QosIT {
    private static final String[] TWENTY = numbered("m", 20);

    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    /** Prefetch 5 with 20 queued messages: exactly 5 outstanding until acks free room. */
    @Test
    void prefetchCountBoundsUnackedDeliveries() throws Exception {
        Connection connection = broker.newConnection();
        String queue = queueWith(connection, TWENTY);
        Channel channel = connection.createChannel();
        channel.basicQos(5);
        CollectingConsumer consumer = new CollectingConsumer(channel);
        channel.basicConsume(queue, false, consumer);

        consumer.awaitDeliveries(5);
        Messages.awaitReady(channel, queue, 15);
        assertEquals(5, consumer.count(), "no more than the prefetch count may be outstanding");

        channel.basicAck(consumer.deliveries().get(0).deliveryTag(), false);
        consumer.awaitDeliveries(6);
        Messages.awaitReady(channel, queue, 14);
        assertEquals(6, consumer.count(), "one ack makes room for exactly one more delivery");

        channel.basicAck(consumer.deliveries().get(5).deliveryTag(), true);
        consumer.awaitDeliveries(11);
        Messages.awaitReady(channel, queue, 9);
        assertEquals(11, consumer.count());
        assertEquals(List.of(TWENTY).subList(0, 11), consumer.texts(), "deliveries stay in queue order");
    }

    /** global=false (RabbitMQ): each consumer created afterwards gets its own prefetch window. */
    @Test
    void perConsumerPrefetchAppliesToEachConsumer() throws Exception {
        Connection connection = broker.newConnection();
        String first = queueWith(connection, numbered("a", 10));
        String second = queueWith(connection, numbered("b", 10));
        Channel channel = connection.createChannel();
        channel.basicQos(2, false);
        CollectingConsumer firstConsumer = new CollectingConsumer(channel);
        CollectingConsumer secondConsumer = new CollectingConsumer(channel);
        channel.basicConsume(first, false, firstConsumer);
        channel.basicConsume(second, false, secondConsumer);

        firstConsumer.awaitDeliveries(2);
        secondConsumer.awaitDeliveries(2);
        Messages.awaitReady(channel, first, 8);
        Messages.awaitReady(channel, second, 8);
        assertEquals(2, firstConsumer.count());
        assertEquals(2, secondConsumer.count());
    }

    /** global=true (RabbitMQ): one window shared by all consumers on the channel. */
    @Test
    void globalPrefetchIsSharedByAllConsumersOnTheChannel() throws Exception {
        Connection connection = broker.newConnection();
        String first = queueWith(connection, numbered("a", 10));
        String second = queueWith(connection, numbered("b", 10));
        Channel channel = connection.createChannel();
        channel.basicQos(3, true);
        CollectingConsumer firstConsumer = new CollectingConsumer(channel);
        CollectingConsumer secondConsumer = new CollectingConsumer(channel);
        channel.basicConsume(first, false, firstConsumer);
        channel.basicConsume(second, false, secondConsumer);

        Await.until("3 deliveries across both consumers", () -> firstConsumer.count() + secondConsumer.count() >= 3);
        Await.until("17 ready messages across both queues",
                () -> channel.messageCount(first) + channel.messageCount(second) == 17);
        assertEquals(3, firstConsumer.count() + secondConsumer.count(),
                "the channel-wide window bounds deliveries to all its consumers together");
    }

    /**
     * Both limits at once (RabbitMQ, https://www.rabbitmq.com/docs/consumer-prefetch): each
     * consumer stays within its own window and all of them together within the channel's. In the
     * documented order: per-consumer first, since a global=false qos lifts the channel's limit
     * (RabbitMQ 3.7.x on, QosResumeIT).
     */
    @Test
    void perConsumerAndGlobalLimitsApplyTogether() throws Exception {
        Connection connection = broker.newConnection();
        String first = queueWith(connection, numbered("a", 10));
        String second = queueWith(connection, numbered("b", 10));
        String third = queueWith(connection, numbered("c", 10));
        Channel channel = connection.createChannel();
        channel.basicQos(2, false);
        channel.basicQos(5, true);
        List<CollectingConsumer> consumers = List.of(new CollectingConsumer(channel),
                new CollectingConsumer(channel), new CollectingConsumer(channel));
        channel.basicConsume(first, false, consumers.get(0));
        channel.basicConsume(second, false, consumers.get(1));
        channel.basicConsume(third, false, consumers.get(2));

        Await.until("5 deliveries across the consumers",
                () -> consumers.stream().mapToInt(CollectingConsumer::count).sum() >= 5);
        Await.until("25 ready messages across the queues", () -> channel.messageCount(first)
                + channel.messageCount(second) + channel.messageCount(third) == 25);
        assertEquals(5, consumers.stream().mapToInt(CollectingConsumer::count).sum(), "the channel's window");
        for (CollectingConsumer c : consumers) {
            assertTrue(c.count() <= 2, "a consumer's own window: " + c.count());
        }

        // an ack frees one place in both windows: exactly one more delivery follows
        CollectingConsumer.Delivery d = consumers.stream().filter(c -> c.count() == 2).findFirst().orElseThrow()
                .deliveries().get(0);
        channel.basicAck(d.deliveryTag(), false);
        Await.until("a sixth delivery", () -> consumers.stream().mapToInt(CollectingConsumer::count).sum() >= 6);
        Await.until("24 ready messages", () -> channel.messageCount(first)
                + channel.messageCount(second) + channel.messageCount(third) == 24);
        assertEquals(6, consumers.stream().mapToInt(CollectingConsumer::count).sum());
    }

    /** Prefetch 0 means no limit: every message is delivered without acks. */
    @Test
    void prefetchZeroMeansUnlimited() throws Exception {
        Connection connection = broker.newConnection();
        String queue = queueWith(connection, TWENTY);
        Channel channel = connection.createChannel();
        channel.basicQos(0);
        CollectingConsumer consumer = new CollectingConsumer(channel);
        channel.basicConsume(queue, false, consumer);
        consumer.awaitDeliveries(20);
        assertEquals(List.of(TWENTY), consumer.texts());
    }

    /** basic.get is not subject to the prefetch window (RabbitMQ limits consumers only). */
    @Test
    void basicGetIgnoresThePrefetchWindow() throws Exception {
        Connection connection = broker.newConnection();
        String queue = queueWith(connection, "g0", "g1", "g2");
        Channel channel = connection.createChannel();
        channel.basicQos(1);
        for (int i = 0; i < 3; i++) {
            assertNotNull(channel.basicGet(queue, false), "get #" + i);
        }
    }

    /** RabbitMQ does not implement prefetch-size: a non-zero value is NOT_IMPLEMENTED (540), a connection error. */
    @Test
    void nonZeroPrefetchSizeIsNotImplemented() throws Exception {
        Connection connection = broker.newConnection();
        Channel channel = connection.createChannel();
        expectConnectionError(AMQP.NOT_IMPLEMENTED, connection, () -> channel.basicQos(4096, 10, false));
    }

    private static String[] numbered(String prefix, int n) {
        String[] bodies = new String[n];
        for (int i = 0; i < n; i++) {
            bodies[i] = prefix + i;
        }
        return bodies;
    }
}
