package io.warrenmq.it;

import static io.warrenmq.it.AckIT.queueWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a second {@code basic.qos} does to consumers that already exist, as RabbitMQ's channel and
 * limiter do it (rabbit_channel's basic.qos clauses, rabbit_limiter's limit_prefetch and
 * unlimit_prefetch, which notify the blocked queues at once):
 * <ul>
 *   <li>global=true raised, or set to 0: consumers waiting on the channel-wide window get
 *       deliveries straight away, without any ack;
 *   <li>global=false: existing consumers keep the prefetch they were created with (RabbitMQ fixes it
 *       in the queue at basic.consume), only later consumers get the new one; and (RabbitMQ 3.7.x
 *       on) it lifts the channel-wide window (unlimit_prefetch).
 * </ul>
 * No acks are sent in these tests, so every delivery after the first window is due to the qos
 * change alone. Counts are read from the broker (declare-ok's ready count) once the deliveries
 * arrived, so a consumer taking more than allowed would show as too few ready messages.
 */
class QosResumeIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    @Test
    void raisingTheChannelWideLimitResumesWaitingConsumersAtOnce() throws Exception {
        Connection connection = broker.newConnection();
        String first = queueWith(connection, numbered("a", 10));
        String second = queueWith(connection, numbered("b", 10));
        Channel channel = connection.createChannel();
        channel.basicQos(2, true);
        CollectingConsumer a = new CollectingConsumer(channel);
        CollectingConsumer b = new CollectingConsumer(channel);
        channel.basicConsume(first, false, a);
        channel.basicConsume(second, false, b);
        awaitTotal(channel, 2, List.of(a, b), first, second);

        channel.basicQos(6, true);
        awaitTotal(channel, 6, List.of(a, b), first, second);

        channel.basicQos(0, true);
        a.awaitDeliveries(10);
        b.awaitDeliveries(10);
        assertEquals(List.of(numbered("a", 10)), a.texts(), "queue order kept across the qos changes");
        assertEquals(List.of(numbered("b", 10)), b.texts());
    }

    @Test
    void perConsumerQosAppliesToLaterConsumersOnly() throws Exception {
        Connection connection = broker.newConnection();
        String queue = queueWith(connection, numbered("m", 10));
        Channel channel = connection.createChannel();
        channel.basicQos(1, false);
        CollectingConsumer early = new CollectingConsumer(channel);
        channel.basicConsume(queue, false, early);
        early.awaitDeliveries(1);
        Messages.awaitReady(channel, queue, 9);

        channel.basicQos(3, false);
        CollectingConsumer later = new CollectingConsumer(channel);
        channel.basicConsume(queue, false, later);
        later.awaitDeliveries(3);
        Messages.awaitReady(channel, queue, 6);
        assertEquals(1, early.count(), "a consumer keeps the prefetch it was created with");
        assertEquals(3, later.count());

        channel.basicQos(0, false);
        CollectingConsumer unlimited = new CollectingConsumer(channel);
        channel.basicConsume(queue, false, unlimited);
        unlimited.awaitDeliveries(6);
        Messages.awaitReady(channel, queue, 0);
        assertEquals(1, early.count());
        assertEquals(3, later.count());
        assertEquals(6, unlimited.count());
    }

    /** RabbitMQ (3.7.x on): basic.qos with global=false removes the channel-wide limit (rabbit_limiter:unlimit_prefetch). */
    @Test
    void perConsumerQosLiftsTheChannelWideLimit() throws Exception {
        Connection connection = broker.newConnection();
        String queue = queueWith(connection, numbered("m", 10));
        Channel channel = connection.createChannel();
        channel.basicQos(2, true);
        CollectingConsumer consumer = new CollectingConsumer(channel); // per-consumer prefetch 0: unlimited
        channel.basicConsume(queue, false, consumer);
        consumer.awaitDeliveries(2);
        Messages.awaitReady(channel, queue, 8);
        assertEquals(2, consumer.count());

        channel.basicQos(1, false);
        consumer.awaitDeliveries(10);
        assertEquals(List.of(numbered("m", 10)), consumer.texts());
    }

    /** The documented order (per-consumer, then channel) keeps both limits. */
    @Test
    void perConsumerThenChannelWideKeepsBothAndRaisingTheChannelsResumes() throws Exception {
        Connection connection = broker.newConnection();
        String first = queueWith(connection, numbered("a", 10));
        String second = queueWith(connection, numbered("b", 10));
        Channel channel = connection.createChannel();
        channel.basicQos(4, false);
        channel.basicQos(3, true);
        CollectingConsumer a = new CollectingConsumer(channel);
        CollectingConsumer b = new CollectingConsumer(channel);
        channel.basicConsume(first, false, a);
        channel.basicConsume(second, false, b);
        awaitTotal(channel, 3, List.of(a, b), first, second);

        channel.basicQos(100, true);
        // now each consumer's own window of 4 is what holds it
        a.awaitDeliveries(4);
        b.awaitDeliveries(4);
        Messages.awaitReady(channel, first, 6);
        Messages.awaitReady(channel, second, 6);
        assertEquals(4, a.count());
        assertEquals(4, b.count());
    }

    /** Waits for exactly {@code total} deliveries across the consumers, as the broker's ready counts confirm. */
    private static void awaitTotal(Channel channel, int total, List<CollectingConsumer> consumers, String... queues) {
        Await.until(total + " deliveries", () -> consumers.stream().mapToInt(CollectingConsumer::count).sum() >= total);
        Await.until((10 * queues.length - total) + " ready messages", () -> {
            long ready = 0;
            for (String q : queues) {
                ready += channel.messageCount(q);
            }
            return ready == 10L * queues.length - total;
        });
        assertEquals(total, consumers.stream().mapToInt(CollectingConsumer::count).sum());
    }

    static String[] numbered(String prefix, int n) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            bodies.add(prefix + i);
        }
        return bodies.toArray(String[]::new);
    }
}
