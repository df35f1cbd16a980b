package io.warrenmq.it.adversary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.AMQP;
import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.it.RawAmqpClient;
import io.warrenmq.it.RawAmqpClient.Arguments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Content out of order or too big, answered as rabbit_command_assembler:process/2 answers: a frame of
 * the wrong kind is unexpected_frame 505 ("expected method frame, got non method frame instead",
 * "expected content header for class 60, got non content header frame instead", "expected content body,
 * got non content body frame instead"); a declared body above ?MAX_MSG_SIZE (512 MiB) is frame_error
 * 501. A body above max_message_size is rabbit_channel:check_msg_size's precondition_failed 406, a channel
 * error (Warren decides it at the header, before any of the body is buffered).
 */
class ContentAttackIT {
    private static final long MAX_MESSAGE_SIZE = 1 << 20;

    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withMaxMessageSize(MAX_MESSAGE_SIZE));

    @Test
    void headerDeclaringTwoGigabytesIsFrameError() throws Exception {
        Bystander bystander = Bystander.join(broker);
        RawAmqpClient raw = open();
        Attack.publish(raw, 1, "nowhere");
        Attack.header(raw, 1, 2L << 30);
        RawAmqpClient.Close close = Attack.expectClosedWith(raw, AMQP.FRAME_ERROR);
        assertEquals("FRAME_ERROR - content body size 2147483648 exceeds maximum allowed size 536870912",
                close.replyText());
        assertEquals(60, close.classId());
        assertEquals(40, close.methodId());
        bystander.assertUnharmed();
    }

    @Test
    void headerAboveMaxMessageSizeClosesOnlyTheChannelWith406() throws Exception {
        Bystander bystander = Bystander.join(broker);
        RawAmqpClient raw = open();
        Attack.publish(raw, 1, "nowhere");
        Attack.header(raw, 1, MAX_MESSAGE_SIZE + 1);
        raw.sendFrame(RawAmqpClient.FRAME_BODY, 1, new byte[100]); // discarded: the channel is closing
        RawAmqpClient.Close close = RawAmqpClient.parseClose(raw.expectMethod(20, 40));
        assertEquals(AMQP.PRECONDITION_FAILED, close.replyCode());
        assertEquals("PRECONDITION_FAILED - message size 1048577 is larger than configured max size 1048576",
                close.replyText());
        raw.sendMethod(1, 20, 41, new Arguments());

        // the connection still works: the channel number opens again and a declare is answered
        raw.openChannel(1);
        raw.sendMethod(1, 50, 10, RawAmqpClient.queueDeclare(EmbeddedBroker.uniqueName("adv-after-406")));
        raw.expectMethod(50, 11);
        bystander.assertUnharmed();
    }

    @Test
    void bodyRightAfterThePublishIsUnexpectedFrame() throws Exception {
        Bystander bystander = Bystander.join(broker);
        RawAmqpClient raw = open();
        Attack.publish(raw, 1, "nowhere");
        raw.sendFrame(RawAmqpClient.FRAME_BODY, 1, new byte[] {1, 2, 3});
        RawAmqpClient.Close close = Attack.expectClosedWith(raw, AMQP.UNEXPECTED_FRAME);
        assertEquals("UNEXPECTED_FRAME - expected content header for class 60, got non content header frame instead",
                close.replyText());
        bystander.assertUnharmed();
    }

    @Test
    void bodyWithoutAPublishIsUnexpectedFrame() throws Exception {
        Bystander bystander = Bystander.join(broker);
        RawAmqpClient raw = open();
        raw.sendFrame(RawAmqpClient.FRAME_BODY, 1, new byte[] {1, 2, 3});
        RawAmqpClient.Close close = Attack.expectClosedWith(raw, AMQP.UNEXPECTED_FRAME);
        assertEquals("UNEXPECTED_FRAME - expected method frame, got non method frame instead", close.replyText());
        bystander.assertUnharmed();
    }

    @Test
    void methodInTheMiddleOfContentIsUnexpectedFrame() throws Exception {
        Bystander bystander = Bystander.join(broker);
        RawAmqpClient raw = open();
        Attack.publish(raw, 1, "nowhere");
        Attack.header(raw, 1, 10);
        raw.sendFrame(RawAmqpClient.FRAME_BODY, 1, new byte[] {1, 2, 3});
        Attack.publish(raw, 1, "nowhere");
        RawAmqpClient.Close close = Attack.expectClosedWith(raw, AMQP.UNEXPECTED_FRAME);
        assertEquals("UNEXPECTED_FRAME - expected content body, got non content body frame instead",
                close.replyText());
        bystander.assertUnharmed();
    }

    @Test
    void headerOfAnotherClassIsUnexpectedFrame() throws Exception {
        Bystander bystander = Bystander.join(broker);
        RawAmqpClient raw = open();
        Attack.publish(raw, 1, "nowhere");
        raw.sendFrame(RawAmqpClient.FRAME_HEADER, 1, Attack.headerPayload(50, 0, new byte[] {0, 0}));
        RawAmqpClient.Close close = Attack.expectClosedWith(raw, AMQP.UNEXPECTED_FRAME);
        assertEquals("UNEXPECTED_FRAME - expected content header for class 60, got one for class 50 instead",
                close.replyText());
        bystander.assertUnharmed();
    }

    /** RabbitMQ gives a new channel number a fresh command assembler, which expects a method. */
    @Test
    void headerOnAChannelNeverOpenedIsUnexpectedFrame() throws Exception {
        Bystander bystander = Bystander.join(broker);
        RawAmqpClient raw = open();
        Attack.header(raw, 9, 3);
        Attack.expectClosedWith(raw, AMQP.UNEXPECTED_FRAME);
        bystander.assertUnharmed();
    }

    /** A content header on channel 0 (rabbit_reader:handle_frame on channel 0: unexpected_frame). */
    @Test
    void headerOnChannelZeroIsUnexpectedFrame() throws Exception {
        Bystander bystander = Bystander.join(broker);
        RawAmqpClient raw = open();
        Attack.header(raw, 0, 3);
        Attack.expectClosedWith(raw, AMQP.UNEXPECTED_FRAME);
        bystander.assertUnharmed();
    }

    private static RawAmqpClient open() throws Exception {
        RawAmqpClient raw = broker.newRawClient();
        raw.handshake(0);
        raw.openChannel(1);
        return raw;
    }
}
