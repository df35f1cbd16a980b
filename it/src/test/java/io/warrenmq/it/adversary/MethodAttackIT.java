package io.warrenmq.it.adversary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.it.RawAmqpClient;
import io.warrenmq.it.RawAmqpClient.Arguments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Methods the broker cannot or must not run.
 *
 * <ul>
 *   <li>Unknown class or method ids: 540 NOT_IMPLEMENTED. (RabbitMQ's generated lookup_method_name exits
 *       with {unknown_method_id, _}, which its reader does not catch: the socket is dropped with no
 *       connection.close. Warren closes cleanly with the spec's code instead; docs/hardening.md.)</li>
 *   <li>Field tables nested 10,000 deep: 502 SYNTAX_ERROR, no StackOverflowError (Warren reads at most
 *       100 levels; RabbitMQ's Erlang parser has no such limit).</li>
 *   <li>Methods on a channel never opened, or closed: 504 CHANNEL_ERROR "expected 'channel.open'"
 *       (rabbit_channel in state starting); a channel method on channel 0: 504 (handle_method0).</li>
 *   <li>channel_max bounds the number of open channels (rabbit_reader:create_channel, 530 NOT_ALLOWED
 *       "number of channels opened (N) has reached the negotiated channel_max (N)"); a channel number
 *       above channel_max opens while fewer channels are open, as in RabbitMQ.</li>
 * </ul>
 */
class MethodAttackIT {
    private static final int CHANNEL_MAX = 3;

    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withChannelMax(CHANNEL_MAX));

    @Test
    void unknownClassIsNotImplemented() throws Exception {
        Bystander bystander = Bystander.join(broker);
        RawAmqpClient raw = open();
        raw.sendMethod(1, 99, 10, new Arguments());
        RawAmqpClient.Close close = Attack.expectClosedWith(raw, AMQP.NOT_IMPLEMENTED);
        assertEquals(99, close.classId());
        assertEquals(10, close.methodId());
        bystander.assertUnharmed();
    }

    @Test
    void unknownMethodOfAKnownClassIsNotImplemented() throws Exception {
        Bystander bystander = Bystander.join(broker);
        RawAmqpClient raw = open();
        raw.sendMethod(1, Attack.BASIC, 999, new Arguments().shortInt(0));
        Attack.expectClosedWith(raw, AMQP.NOT_IMPLEMENTED);
        bystander.assertUnharmed();
    }

    @Test
    void argumentsNestedTenThousandDeepAreASyntaxError() throws Exception {
        Bystander bystander = Bystander.join(broker);
        RawAmqpClient raw = open();
        String queue = EmbeddedBroker.uniqueName("adv-nested");
        raw.sendMethod(1, 50, 10, new Arguments().shortInt(0).shortString(queue)
                .bits(false, false, false, true, false).raw(Attack.nestedTable(10_000)));
        RawAmqpClient.Close close = Attack.expectClosedWith(raw, AMQP.SYNTAX_ERROR);
        assertTrue(close.replyText().contains("nested deeper than 100"), close.replyText());
        bystander.assertUnharmed();
    }

    @Test
    void messageHeadersNestedTenThousandDeepAreASyntaxError() throws Exception {
        Bystander bystander = Bystander.join(broker);
        RawAmqpClient raw = open();
        Attack.publish(raw, 1, "nowhere");
        byte[] headers = Attack.nestedTable(10_000);
        byte[] properties = new Arguments().shortInt(1 << 13).raw(headers).toByteArray(); // the headers flag
        raw.sendFrame(RawAmqpClient.FRAME_HEADER, 1, Attack.headerPayload(Attack.BASIC, 0, properties));
        Attack.expectClosedWith(raw, AMQP.SYNTAX_ERROR);
        bystander.assertUnharmed();
    }

    @Test
    void methodOnAChannelNeverOpenedIsChannelError() throws Exception {
        Bystander bystander = Bystander.join(broker);
        RawAmqpClient raw = open();
        raw.sendMethod(2, 50, 10, RawAmqpClient.queueDeclare(EmbeddedBroker.uniqueName("adv-unopened")));
        RawAmqpClient.Close close = Attack.expectClosedWith(raw, AMQP.CHANNEL_ERROR);
        assertTrue(close.replyText().startsWith("CHANNEL_ERROR - expected 'channel.open'"), close.replyText());
        bystander.assertUnharmed();
    }

    @Test
    void methodOnAClosedChannelIsChannelError() throws Exception {
        Bystander bystander = Bystander.join(broker);
        RawAmqpClient raw = open();
        raw.closeChannel(1);
        raw.sendMethod(1, 50, 10, RawAmqpClient.queueDeclare(EmbeddedBroker.uniqueName("adv-closed")));
        Attack.expectClosedWith(raw, AMQP.CHANNEL_ERROR);
        bystander.assertUnharmed();
    }

    @Test
    void channelMethodOnChannelZeroIsChannelError() throws Exception {
        Bystander bystander = Bystander.join(broker);
        RawAmqpClient raw = open();
        raw.sendMethod(0, 50, 10, RawAmqpClient.queueDeclare(EmbeddedBroker.uniqueName("adv-zero")));
        Attack.expectClosedWith(raw, AMQP.CHANNEL_ERROR);
        bystander.assertUnharmed();
    }

    @Test
    void channelNumbersAboveChannelMaxOpenButNoMoreThanChannelMaxChannels() throws Exception {
        Bystander bystander = Bystander.join(broker);
        RawAmqpClient raw = open(); // channel 1
        raw.openChannel(CHANNEL_MAX + 1);
        raw.openChannel(65535);
        raw.sendMethod(65535, 50, 10, RawAmqpClient.queueDeclare(EmbeddedBroker.uniqueName("adv-high")));
        raw.expectMethod(50, 11);

        raw.sendMethod(2, 20, 10, new Arguments().shortString(""));
        RawAmqpClient.Close close = Attack.expectClosedWith(raw, AMQP.NOT_ALLOWED);
        assertEquals("NOT_ALLOWED - number of channels opened (3) has reached the negotiated channel_max (3)",
                close.replyText());
        bystander.assertUnharmed();
    }

    private static RawAmqpClient open() throws Exception {
        RawAmqpClient raw = broker.newRawClient();
        raw.handshake(0);
        raw.openChannel(1);
        return raw;
    }
}
