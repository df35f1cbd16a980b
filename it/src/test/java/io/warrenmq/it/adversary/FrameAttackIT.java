package io.warrenmq.it.adversary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import io.warrenmq.it.Await;
import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.it.RawAmqpClient;
import io.warrenmq.it.RawAmqpClient.Arguments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Broken framing, each answered as rabbit_reader answers it: frame_error 501 for a bad end octet
 * (handle_input: {invalid_frame_end_marker, _}), a frame above frame_max (frame_too_large, judged from the
 * header alone), an unknown frame type or a payload too short for its type (analyze_frame: error, then
 * unknown_frame); unexpected_frame 505 for a heartbeat on a non-zero channel (handle_frame: heartbeat on a
 * channel is unexpected_frame, not 501). A truncated frame followed by a close costs the broker nothing.
 */
class FrameAttackIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    @Test
    void wrongFrameEndOctetIsFrameError() throws Exception {
        Bystander bystander = Bystander.join(broker);
        RawAmqpClient raw = broker.newRawClient();
        raw.handshake(0);
        raw.sendFrame(RawAmqpClient.FRAME_METHOD, 1,
                RawAmqpClient.methodPayload(20, 10, new Arguments().shortString("")), 0xCD);
        RawAmqpClient.Close close = Attack.expectClosedWith(raw, AMQP.FRAME_ERROR);
        assertTrue(close.replyText().contains("invalid_frame_end_marker,205"), close.replyText());
        bystander.assertUnharmed();
    }

    @Test
    void frameAboveTheNegotiatedFrameMaxIsFrameErrorFromItsHeaderAlone() throws Exception {
        Bystander bystander = Bystander.join(broker);
        RawAmqpClient raw = broker.newRawClient();
        RawAmqpClient.Tune tune = raw.handshake(0);
        raw.openChannel(1);
        // RabbitMQ: payload > frame_max - 8 + FRAME_SIZE_FUDGE (8) is too large; frame_max itself is tolerated
        raw.sendFrameHeaderOnly(RawAmqpClient.FRAME_BODY, 1, tune.frameMax() + 1);
        RawAmqpClient.Close close = Attack.expectClosedWith(raw, AMQP.FRAME_ERROR);
        assertTrue(close.replyText().contains("frame_too_large"), close.replyText());
        bystander.assertUnharmed();
    }

    @Test
    void frameClaimingTwoGigabytesIsFrameError() throws Exception {
        Bystander bystander = Bystander.join(broker);
        RawAmqpClient raw = broker.newRawClient();
        raw.handshake(0);
        raw.sendFrameHeaderOnly(RawAmqpClient.FRAME_METHOD, 1, Integer.MAX_VALUE);
        Attack.expectClosedWith(raw, AMQP.FRAME_ERROR);
        bystander.assertUnharmed();
    }

    @Test
    void unknownFrameTypeIsFrameError() throws Exception {
        Bystander bystander = Bystander.join(broker);
        RawAmqpClient raw = broker.newRawClient();
        raw.handshake(0);
        raw.sendFrame(7, 1, new byte[] {1, 2, 3});
        RawAmqpClient.Close close = Attack.expectClosedWith(raw, AMQP.FRAME_ERROR);
        assertTrue(close.replyText().contains("unknown_frame"), close.replyText());
        bystander.assertUnharmed();
    }

    @Test
    void methodFrameTooShortForItsIdsIsFrameError() throws Exception {
        Bystander bystander = Bystander.join(broker);
        RawAmqpClient raw = broker.newRawClient();
        raw.handshake(0);
        raw.sendFrame(RawAmqpClient.FRAME_METHOD, 0, new byte[] {0, 10});
        Attack.expectClosedWith(raw, AMQP.FRAME_ERROR);
        bystander.assertUnharmed();
    }

    @Test
    void heartbeatOnANonZeroChannelIsUnexpectedFrame() throws Exception {
        Bystander bystander = Bystander.join(broker);
        RawAmqpClient raw = broker.newRawClient();
        raw.handshake(0);
        raw.openChannel(1);
        raw.sendFrame(RawAmqpClient.FRAME_HEARTBEAT, 1, new byte[0]);
        Attack.expectClosedWith(raw, AMQP.UNEXPECTED_FRAME);
        bystander.assertUnharmed();
    }

    /** Half a frame, then the socket goes: the connection is gone and nothing of it stays behind. */
    @Test
    void truncatedFrameFollowedByCloseLeavesNothingBehind() throws Exception {
        Bystander bystander = Bystander.join(broker);
        int before = broker.broker().connectionRegistry().size();
        int channelsBefore = broker.broker().connectionRegistry().channelCount();
        try (RawAmqpClient raw = broker.newRawClient()) {
            raw.handshake(0);
            raw.openChannel(1);
            Await.until("the raw connection listed", () -> broker.broker().connectionRegistry().size() == before + 1);
            byte[] declare = RawAmqpClient.methodPayload(50, 10,
                    RawAmqpClient.queueDeclare(EmbeddedBroker.uniqueName("adv-truncated")));
            byte[] frame = new byte[7 + declare.length / 2];
            frame[0] = RawAmqpClient.FRAME_METHOD;
            frame[2] = 1;
            frame[6] = (byte) declare.length;
            System.arraycopy(declare, 0, frame, 7, declare.length / 2);
            raw.sendBytes(frame);
        }
        Await.until("the truncated connection is gone", () -> broker.broker().connectionRegistry().size() == before);
        assertEquals(channelsBefore, broker.broker().connectionRegistry().channelCount(), "its channel went with it");
        bystander.assertUnharmed();
    }
}
