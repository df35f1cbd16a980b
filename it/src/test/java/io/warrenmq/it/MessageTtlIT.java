package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Message TTL (https://www.rabbitmq.com/docs/ttl) as RabbitMQ's classic queues apply it:
 * {@code x-message-ttl} of any integer field type, validated and compared on redeclare by type
 * class and value ({@code rabbit_amqqueue:declare_args}, {@code rabbit_misc:assert_args_equivalence}).
 */
class MessageTtlIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    static List<Object> integerTypes() {
        return List.of((byte) 1, (short) 1, 1, 1L);
    }

    /** Every integer type the Java client writes ('b', 's', 'I', 'l') is a TTL, and it applies. */
    @ParameterizedTest
    @MethodSource("integerTypes")
    void xMessageTtlOfEveryIntegerTypeExpiresMessages(Object ttl) throws Exception {
        Channel channel = broker.newChannel();
        String q = EmbeddedBroker.uniqueName("ttl-type");
        channel.queueDeclare(q, false, false, true, Map.of("x-message-ttl", ttl));
        channel.basicPublish("", q, null, "short-lived".getBytes(StandardCharsets.UTF_8));

        Await.until("the message expired", () -> channel.queueDeclarePassive(q).getMessageCount() == 0);
        assertNull(channel.basicGet(q, true));
    }

    @Test
    void aNegativeOrNonIntegerTtlIsRefusedWithRabbitMqsText() throws Exception {
        for (Map.Entry<Object, String> c : Map.<Object, String>of(
                (short) -5, "{value_negative,-5}",
                -1L, "{value_negative,-1}",
                "1000", "{unacceptable_type,longstr}",
                1.5d, "{unacceptable_type,double}",
                315_360_000_001L, "{value_too_large,315360000001}").entrySet()) {
            Channel channel = broker.newChannel();
            String q = EmbeddedBroker.uniqueName("ttl-bad");
            AMQP.Channel.Close close = AmqpAssertions.expectChannelError(406,
                    () -> channel.queueDeclare(q, false, false, true, Map.of("x-message-ttl", c.getKey())));
            assertEquals("PRECONDITION_FAILED - invalid arg 'x-message-ttl' for queue '" + q + "' in vhost '/': "
                    + c.getValue(), close.getReplyText());
        }
    }

    /** assert_args_equivalence compares type_class and value: 1000 as an int and as a short are one TTL. */
    @Test
    void redeclaringWithAnEqualTtlOfAnotherIntegerTypeIsEquivalent() throws Exception {
        Channel channel = broker.newChannel();
        String q = EmbeddedBroker.uniqueName("ttl-equiv");
        channel.queueDeclare(q, false, false, true, Map.of("x-message-ttl", 60_000, "x-expires", 600_000L,
                "x-max-length", (short) 100));

        channel.queueDeclare(q, false, false, true, Map.of("x-message-ttl", 60_000L, "x-expires", 600_000,
                "x-max-length", (byte) 100));
        channel.queueDeclare(q, false, false, true, Map.of("x-message-ttl", 60_000, "x-expires", 600_000L,
                "x-max-length", 100L));

        AMQP.Channel.Close close = AmqpAssertions.expectChannelError(406,
                () -> channel.queueDeclare(q, false, false, true, Map.of("x-message-ttl", 30_000L,
                        "x-expires", 600_000L, "x-max-length", 100L)));
        assertEquals("PRECONDITION_FAILED - inequivalent arg 'x-message-ttl' for queue '" + q + "' in vhost '/': "
                + "received the value '30000' of type 'long' but current is the value '60000' of type 'signedint'",
                close.getReplyText());
    }
}
