package io.warrenmq.it;

import static io.warrenmq.it.AmqpAssertions.expectChannelError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RabbitMQ's validated user-id (https://www.rabbitmq.com/docs/validated-user-id): a publish whose
 * user-id property is not the connection's authenticated user is a 406 channel error; the right
 * user-id, or none, is accepted.
 */
class UserIdValidationIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    @Test
    void theAuthenticatedUserIdIsAccepted() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        channel.basicPublish("", queue, new AMQP.BasicProperties.Builder().userId("guest").build(),
                "ok".getBytes(StandardCharsets.UTF_8));
        assertEquals("guest", Await.result("the message", () -> channel.basicGet(queue, true), r -> r != null)
                .getProps().getUserId());
    }

    @Test
    void anotherUsersIdIsPreconditionFailed() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        AMQP.Channel.Close close = expectChannelError(AMQP.PRECONDITION_FAILED, channel, () -> {
            channel.basicPublish("", queue, new AMQP.BasicProperties.Builder().userId("mallory").build(),
                    "forged".getBytes(StandardCharsets.UTF_8));
            channel.queueDeclarePassive(queue); // a round trip so the asynchronous error arrives
        });
        assertTrue(close.getReplyText().contains("user_id property set to 'mallory'"), close.getReplyText());
    }
}
