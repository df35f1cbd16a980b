package io.warrenmq.it;

import static io.warrenmq.it.AmqpAssertions.expectChannelError;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * x-expires (https://www.rabbitmq.com/docs/ttl#queue-ttl): a queue unused for the period (no
 * consumers, no basic.get, no redeclare) is deleted; one with a consumer is kept.
 */
class QueueExpiresIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    @Test
    void anUnusedQueueIsDeletedAfterItsExpiry() throws Exception {
        Channel channel = broker.newChannel();
        String queue = EmbeddedBroker.uniqueName("expires");
        channel.queueDeclare(queue, false, false, false, Map.of("x-expires", 200));
        Channel probe = broker.newChannel();
        Await.until("the unused queue is deleted", () -> {
            try {
                broker.newChannel().queueDeclarePassive(queue);
                return false;
            } catch (java.io.IOException gone) {
                return true;
            }
        });
        expectChannelError(AMQP.NOT_FOUND, probe, () -> probe.queueDeclarePassive(queue));
    }

    @Test
    void aQueueWithAConsumerIsKept() throws Exception {
        Channel channel = broker.newChannel();
        String queue = EmbeddedBroker.uniqueName("expires-used");
        channel.queueDeclare(queue, false, false, false, Map.of("x-expires", 200));
        channel.basicConsume(queue, true, (tag, d) -> { }, tag -> { });
        // why a sleep: x-expires is a timer; the test needs its period to pass several times over
        // while the consumer is attached (no synchronisation is being waited for)
        Thread.sleep(1000);
        broker.newChannel().queueDeclarePassive(queue);
    }
}
