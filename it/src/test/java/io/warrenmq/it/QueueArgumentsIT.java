package io.warrenmq.it;

import static io.warrenmq.it.AmqpAssertions.expectChannelError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * queue.declare arguments are validated as RabbitMQ's rabbit_amqqueue:declare_args/0 validates
 * them: a wrong type or value is a 406 PRECONDITION_FAILED channel error whose text names the
 * argument, and no queue is created. (What the arguments do is issue 3's work; this is the
 * validation only.)
 */
class QueueArgumentsIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    private static void expectRefused(Map<String, Object> args, String textPart) throws Exception {
        Channel channel = broker.newChannel();
        String name = EmbeddedBroker.uniqueName("args");
        AMQP.Channel.Close close = expectChannelError(AMQP.PRECONDITION_FAILED, channel,
                () -> channel.queueDeclare(name, false, false, false, args));
        assertTrue(close.getReplyText().contains(textPart), close.getReplyText());
        Channel other = broker.newChannel();
        expectChannelError(AMQP.NOT_FOUND, other, () -> other.queueDeclarePassive(name));
    }

    @Test
    void negativeMessageTtlIsRefused() throws Exception {
        expectRefused(Map.of("x-message-ttl", -1), "invalid arg 'x-message-ttl' for queue");
    }

    @Test
    void messageTtlOfTheWrongTypeIsRefused() throws Exception {
        expectRefused(Map.of("x-message-ttl", "1000"), "{unacceptable_type,longstr}");
    }

    @Test
    void zeroExpiresIsRefused() throws Exception {
        expectRefused(Map.of("x-expires", 0), "{value_zero,0}");
    }

    @Test
    void unknownOverflowIsRefused() throws Exception {
        expectRefused(Map.of("x-overflow", "explode"), "x-overflow");
    }

    @Test
    void deadLetterRoutingKeyWithoutExchangeIsRefused() throws Exception {
        expectRefused(Map.of("x-dead-letter-routing-key", "k"), "routing_key_but_no_dlx_defined");
    }

    @Test
    void maxPriorityAbove255IsRefused() throws Exception {
        expectRefused(Map.of("x-max-priority", 256), "x-max-priority");
    }

    @Test
    void validArgumentsAndUnknownKeysAreAccepted() throws Exception {
        Channel channel = broker.newChannel();
        String name = EmbeddedBroker.uniqueName("args-ok");
        channel.queueDeclare(name, false, false, false, Map.of("x-message-ttl", 60_000, "x-max-length", 10L,
                "x-overflow", "reject-publish", "x-dead-letter-exchange", "dlx", "x-single-active-consumer", true,
                "x-custom-thing", "ignored"));
        assertEquals(0, channel.queueDeclarePassive(name).getMessageCount());
    }
}
