package io.warrenmq.it;

import static io.warrenmq.it.AmqpAssertions.expectChannelError;
import static io.warrenmq.it.EmbeddedBroker.uniqueName;
import static io.warrenmq.it.Messages.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.MessageProperties;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Durability across a broker restart on the same data directory (AMQP 0-9-1 queue.declare durable:
 * "Durable queues remain active when a server restarts"; basic.publish delivery-mode 2 =
 * persistent). Messages that were persistent and in a durable queue come back, in order.
 */
class DurabilityIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    /** A durable queue and its persistent messages survive a restart; unacked ones come back too. */
    @Test
    void durableQueueKeepsPersistentMessagesAcrossRestart() throws Exception {
        String queue = uniqueName("durable");
        Channel channel = broker.newChannel();
        channel.queueDeclare(queue, true, false, false, null);
        for (int i = 0; i < 5; i++) {
            channel.basicPublish("", queue, MessageProperties.PERSISTENT_BASIC, utf8("p" + i));
        }
        Messages.awaitReady(channel, queue, 5);
        Messages.getEventually(channel, queue, false); // p0 left unacked at restart

        broker.restart();

        Channel after = broker.newChannel();
        assertEquals(5, after.queueDeclarePassive(queue).getMessageCount());
        assertEquals(List.of("p0", "p1", "p2", "p3", "p4"), Messages.drain(after, queue));
        after.queueDelete(queue);
    }

    /** A non-durable queue does not survive a restart. */
    @Test
    void nonDurableQueueIsGoneAfterRestart() throws Exception {
        String queue = uniqueName("transient");
        Channel channel = broker.newChannel();
        channel.queueDeclare(queue, false, false, false, null);

        broker.restart();

        Channel after = broker.newChannel();
        expectChannelError(AMQP.NOT_FOUND, () -> after.queueDeclarePassive(queue));
    }

    /** Durable exchanges and the bindings between durable exchanges and durable queues survive a restart. */
    @Test
    void durableExchangeAndBindingSurviveRestart() throws Exception {
        String exchange = uniqueName("durable-x");
        String queue = uniqueName("durable-bound");
        Channel channel = broker.newChannel();
        channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
        channel.queueDeclare(queue, true, false, false, null);
        channel.queueBind(queue, exchange, "a.#");

        broker.restart();

        Channel after = broker.newChannel();
        after.exchangeDeclarePassive(exchange);
        after.basicPublish(exchange, "a.b", MessageProperties.PERSISTENT_BASIC, utf8("still bound"));
        assertEquals(List.of("still bound"), Messages.routedBodies(after, queue));
        after.queueDelete(queue);
        after.exchangeDelete(exchange);
    }
}
