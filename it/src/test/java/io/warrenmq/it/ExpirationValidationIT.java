package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code expiration} property is checked at publish as RabbitMQ checks it
 * ({@code rabbit_channel:check_expiration_header} over {@code rabbit_basic:parse_expiration}):
 * decimal digits, nothing after them, at least 0 and at most ten years of milliseconds
 * ({@code rabbit_misc:check_expiry} since 3.10.x); otherwise the channel is closed with 406 and
 * RabbitMQ's text, and the message goes nowhere.
 */
class ExpirationValidationIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    @ParameterizedTest(name = "expiration ''{0}''")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "-1              | {value_negative,-1}",
        "-250            | {value_negative,-250}",
        "abc             | no_integer",
        "``              | no_integer",
        "1000foo         | {leftover_string,\"foo\"}",
        "1.5             | {leftover_string,\".5\"}",
        "315360000001    | {value_too_large,315360000001}",
    })
    void anInvalidExpirationClosesTheChannelWith406AtPublish(String expiration, String reason) throws Exception {
        Channel channel = broker.newChannel();
        String q = channel.queueDeclare().getQueue();
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().expiration(expiration).build();

        AMQP.Channel.Close close = AmqpAssertions.expectChannelError(406, channel,
                () -> channel.basicPublish("", q, props, "x".getBytes(StandardCharsets.UTF_8)));

        assertEquals("PRECONDITION_FAILED - invalid expiration '" + expiration + "': " + reason, close.getReplyText());
        assertEquals(0, channel.getConnection().createChannel().queueDeclarePassive(q).getMessageCount(),
                "the message was not enqueued");
    }

    /** Ten years is RabbitMQ's largest accepted expiration; "0" and a large value are queued. */
    @Test
    void theLargestAcceptedExpirationIsTenYears() throws Exception {
        Channel channel = broker.newChannel();
        String q = channel.queueDeclare().getQueue();
        channel.confirmSelect();
        channel.basicPublish("", q, new AMQP.BasicProperties.Builder().expiration("315360000000").build(),
                "ten years".getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(30_000);

        assertEquals(1, channel.queueDeclarePassive(q).getMessageCount());
        assertEquals("315360000000", channel.basicGet(q, true).getProps().getExpiration(), "delivered unchanged");
    }
}
