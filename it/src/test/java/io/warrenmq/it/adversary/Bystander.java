package io.warrenmq.it.adversary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import io.warrenmq.it.CollectingConsumer;
import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.it.Messages;
import java.time.Duration;

/**
 * An honest client that was there before the attack: a RabbitMQ Java client connection with a
 * durable queue holding one persistent, confirmed message. After the attack it must still publish
 * and consume, and the stored message must still be there, unchanged.
 *
 * <p>Thread-safety: one test thread.
 */
final class Bystander {
    private static final String STORED = "stored before the attack";

    private final Channel channel;
    private final String durableQueue;

    private Bystander(Channel channel, String durableQueue) {
        this.channel = channel;
        this.durableQueue = durableQueue;
    }

    /** Connects through {@code broker} and stores the durable message (confirmed, so it is on disk). */
    static Bystander join(EmbeddedBroker broker) throws Exception {
        Channel channel = broker.newChannel();
        String queue = EmbeddedBroker.uniqueName("adv-durable");
        channel.queueDeclare(queue, true, false, false, null);
        channel.confirmSelect();
        channel.basicPublish("", queue, MessageProperties.PERSISTENT_TEXT_PLAIN, Messages.utf8(STORED));
        channel.waitForConfirmsOrDie(30_000);
        return new Bystander(channel, queue);
    }

    /** Publish and consume still work on the old connection; the stored message is still there. */
    void assertUnharmed() throws Exception {
        assertTrue(channel.isOpen(), "the bystander's channel was closed: " + channel.getCloseReason());
        String queue = channel.queueDeclare("", false, true, true, null).getQueue();
        CollectingConsumer consumer = new CollectingConsumer(channel);
        channel.basicConsume(queue, true, consumer);
        channel.basicPublish("", queue, null, Messages.utf8("after the attack"));
        assertEquals("after the attack", consumer.awaitDeliveries(1).get(0).text());

        assertEquals(1, channel.queueDeclarePassive(durableQueue).getMessageCount(), "the stored message count");
        GetResponse stored = channel.basicGet(durableQueue, false);
        assertNotNull(stored, "the stored message");
        assertEquals(STORED, Messages.text(stored.getBody()));
        assertEquals(2, stored.getProps().getDeliveryMode(), "still persistent");
        channel.basicNack(stored.getEnvelope().getDeliveryTag(), false, true);
        channel.queueDelete(queue);
    }

    /** How long the broker may take to drop a socket after its connection.close (RabbitMQ: 3 s). */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(30);
}
