package io.warrenmq.it;

import static io.warrenmq.it.AmqpAssertions.expectChannelError;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * x-expires (https://www.rabbitmq.com/docs/ttl#queue-ttl): a queue unused for the period (no
 * consumers, no basic.get, no declare) is deleted; one with a consumer is kept. A declare of the
 * existing queue counts as use whether it is passive or not: RabbitMQ's queue process resets its
 * expiry timer whenever it is asked for its counts (rabbit_amqqueue_process, {@code stat}).
 */
class QueueExpiresIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    /**
     * Whether the queue no longer exists, found out without using it: a declare (passive or not)
     * would renew its lease, a queue.bind does not (it touches the exchange's bindings only).
     */
    private static boolean isGone(String queue) throws Exception {
        try {
            broker.newChannel().queueBind(queue, "amq.direct", "expiry-probe-" + queue);
            return false;
        } catch (java.io.IOException gone) {
            return true;
        }
    }

    @Test
    void anUnusedQueueIsDeletedAfterItsExpiry() throws Exception {
        Channel channel = broker.newChannel();
        String queue = EmbeddedBroker.uniqueName("expires");
        channel.queueDeclare(queue, false, false, false, Map.of("x-expires", 200));
        Channel probe = broker.newChannel();
        Await.until("the unused queue is deleted", () -> isGone(queue));
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

    @Test
    void passiveDeclaresRenewTheLease() throws Exception {
        Channel channel = broker.newChannel();
        String queue = EmbeddedBroker.uniqueName("expires-passive");
        channel.queueDeclare(queue, false, false, false, Map.of("x-expires", 1500));
        Channel poller = broker.newChannel();
        // why a sleep: the lease has to run out several times over while only passive declares touch
        // the queue; each one throws (404, closing the poller) once the queue is gone
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() - end < 0) {
            poller.queueDeclarePassive(queue);
            Thread.sleep(100);
        }
        Await.until("the queue is deleted once the passive declares stop", () -> isGone(queue));
    }

    @Test
    void redeclaresRenewTheLease() throws Exception {
        Channel channel = broker.newChannel();
        String queue = EmbeddedBroker.uniqueName("expires-redeclare");
        Map<String, Object> args = Map.of("x-expires", 1500);
        channel.queueDeclare(queue, false, false, false, args);
        // a redeclare would recreate an expired queue: the message shows it is still the first one
        Messages.sendToQueue(channel, queue, "survivor");
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() - end < 0) {
            channel.queueDeclare(queue, false, false, false, args);
            Thread.sleep(100);
        }
        org.junit.jupiter.api.Assertions.assertEquals(1,
                channel.queueDeclare(queue, false, false, false, args).getMessageCount());
    }
}
