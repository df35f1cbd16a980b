package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.Channel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code x-max-length} counts only what no consumer can take. RabbitMQ's classic queue offers each
 * publish to a consumer with room first (deliver_or_enqueue: attempt_delivery before
 * will_overflow / maybe_drop_head), so a burst into a queue whose consumers have room loses nothing
 * that they take. The bursts here are transactions: tx.commit hands the queue all of them at once.
 */
class MaxLengthWithConsumersIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    @Test
    void dropHeadBurstGoesToTheWaitingConsumerBeforeTheLimitCounts() throws Exception {
        Channel channel = broker.newChannel();
        String deadLetters = channel.queueDeclare(EmbeddedBroker.uniqueName("dl"), false, false, false, null).getQueue();
        String queue = declare(channel, Map.of("x-max-length", 3, "x-dead-letter-exchange", "",
                "x-dead-letter-routing-key", deadLetters));
        CollectingConsumer consumer = consumeWithPrefetch(queue, 2);

        burst(queue, "m1", "m2", "m3", "m4", "m5");
        consumer.awaitDeliveries(2);
        Messages.awaitReady(channel, queue, 3);
        assertEquals(List.of("m1", "m2"), consumer.texts());
        assertEquals(List.of("m3", "m4", "m5"), Messages.drain(channel, queue));
        assertEquals(List.of(), Messages.routedBodies(channel, deadLetters), "nothing overflowed");

        // with the consumer full, the limit applies: a burst of four into the empty queue drops one
        burst(queue, "n1", "n2", "n3", "n4");
        assertEquals("n1", Messages.text(Messages.getEventually(channel, deadLetters, true).getBody()));
        assertEquals(List.of(), Messages.routedBodies(channel, deadLetters));
        assertEquals(List.of("n2", "n3", "n4"), Messages.drain(channel, queue));
        assertEquals(2, consumer.count());
    }

    @Test
    void rejectPublishBurstGoesToTheWaitingConsumerBeforeTheLimitCounts() throws Exception {
        Channel channel = broker.newChannel();
        String queue = declare(channel, Map.of("x-max-length", 3, "x-overflow", "reject-publish"));
        CollectingConsumer consumer = consumeWithPrefetch(queue, 2);

        burst(queue, "m1", "m2", "m3", "m4", "m5", "m6");
        consumer.awaitDeliveries(2);
        Messages.awaitReady(channel, queue, 3);
        assertEquals(List.of("m1", "m2"), consumer.texts());
        assertEquals(List.of("m3", "m4", "m5"), Messages.drain(channel, queue), "m6 alone was refused");
    }

    @Test
    void zeroLengthQueueStillDeliversToAConsumerWithRoom() throws Exception {
        Channel channel = broker.newChannel();
        String queue = declare(channel, Map.of("x-max-length", 0));
        CollectingConsumer consumer = consumeWithPrefetch(queue, 1);

        burst(queue, "m1", "m2");
        consumer.awaitDeliveries(1);
        Messages.awaitReady(channel, queue, 0);
        assertEquals(List.of("m1"), consumer.texts(), "m1 went straight to the consumer, m2 had nowhere to go");
        consumer.getChannel().basicAck(consumer.deliveries().get(0).deliveryTag(), false);
        consumer.getChannel().messageCount(queue); // a round trip after the ack: the consumer has room again
        Messages.sendToQueue(channel, queue, "m3");
        consumer.awaitDeliveries(2);
        assertEquals(List.of("m1", "m3"), consumer.texts());
    }

    private static String declare(Channel channel, Map<String, Object> args) throws Exception {
        return channel.queueDeclare(EmbeddedBroker.uniqueName("maxlen-consumers"), false, false, false,
                new HashMap<>(args)).getQueue();
    }

    private static CollectingConsumer consumeWithPrefetch(String queue, int prefetch) throws Exception {
        Channel ch = broker.newConnection().createChannel();
        ch.basicQos(prefetch);
        CollectingConsumer consumer = new CollectingConsumer(ch);
        ch.basicConsume(queue, false, consumer);
        return consumer;
    }

    /** Publishes the bodies in one transaction, so the queue receives them together. */
    private static void burst(String queue, String... bodies) throws Exception {
        Channel publisher = broker.newChannel();
        publisher.txSelect();
        for (String body : bodies) {
            Messages.sendToQueue(publisher, queue, body);
        }
        publisher.txCommit();
        publisher.close();
    }
}
