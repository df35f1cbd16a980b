package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The consumer acknowledgement timeout (https://www.rabbitmq.com/docs/consumers#acknowledgement-timeout):
 * a delivery left unacknowledged longer than consumer_timeout closes its channel with 406
 * PRECONDITION_FAILED, and the message goes back to the queue, redelivered.
 */
class ConsumerTimeoutIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(config -> config.withConsumerTimeout(300));

    @Test
    void anUnacknowledgedDeliveryPastTheTimeoutClosesItsChannel() throws Exception {
        Connection connection = broker.newConnection();
        Channel channel = connection.createChannel();
        String queue = EmbeddedBroker.uniqueName("slow");
        channel.queueDeclare(queue, false, false, false, null); // not auto-delete: it outlives its consumer
        AtomicReference<ShutdownSignalException> closed = new AtomicReference<>();
        channel.addShutdownListener(closed::set);
        channel.basicConsume(queue, false, (tag, delivery) -> { /* never acked */ }, tag -> { });
        channel.basicPublish("", queue, null, "slow".getBytes(StandardCharsets.UTF_8));

        Await.until("the channel is closed by the broker", () -> closed.get() != null);
        AMQP.Channel.Close close = (AMQP.Channel.Close) closed.get().getReason();
        assertEquals(AMQP.PRECONDITION_FAILED, close.getReplyCode());
        assertTrue(close.getReplyText().contains("delivery acknowledgement on channel"), close.getReplyText());
        assertTrue(connection.isOpen(), "a channel error, not a connection error");

        Channel other = connection.createChannel();
        var r = Await.result("the message is back", () -> other.basicGet(queue, true), x -> x != null);
        assertTrue(r.getEnvelope().isRedeliver());
    }
}
