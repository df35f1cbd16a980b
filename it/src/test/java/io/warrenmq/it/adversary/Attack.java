package io.warrenmq.it.adversary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warrenmq.it.RawAmqpClient;
import io.warrenmq.it.RawAmqpClient.Arguments;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * What the adversary tests share: the frames they forge and the one way they check the broker's answer
 * (a {@code connection.close} with RabbitMQ's code, then the socket closed).
 *
 * <p>Thread-safety: stateless.
 */
final class Attack {
    static final int BASIC = 60;

    private Attack() {
    }

    /**
     * The broker answered with {@code connection.close} carrying {@code replyCode} (a bare EOF fails the
     * test), we sent close-ok, and the broker then closed the socket.
     */
    static RawAmqpClient.Close expectClosedWith(RawAmqpClient raw, int replyCode) throws IOException {
        RawAmqpClient.Close close = raw.expectConnectionClose();
        assertEquals(replyCode, close.replyCode(), "reply code of " + close);
        assertTrue(raw.awaitDisconnect(Bystander.CLOSE_GRACE), "the broker kept the socket open after " + close);
        return close;
    }

    /** basic.publish to the default exchange with {@code routingKey}. */
    static void publish(RawAmqpClient raw, int channel, String routingKey) throws IOException {
        raw.sendMethod(channel, BASIC, 40, new Arguments().shortInt(0).shortString("").shortString(routingKey)
                .bits(false, false));
    }

    /** A basic content header declaring {@code bodySize}, no properties. */
    static void header(RawAmqpClient raw, int channel, long bodySize) throws IOException {
        raw.sendFrame(RawAmqpClient.FRAME_HEADER, channel, headerPayload(BASIC, bodySize, new byte[] {0, 0}));
    }

    static byte[] headerPayload(int classId, long bodySize, byte[] properties) {
        return new Arguments().shortInt(classId).shortInt(0).longLong(bodySize).raw(properties).toByteArray();
    }

    /**
     * A field table holding {@code depth} tables, each inside the one before under the key "k": 7 octets
     * per level, built inside out.
     */
    static byte[] nestedTable(int depth) {
        byte[] inner = {0, 0, 0, 0};
        for (int i = 0; i < depth; i++) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(inner.length + 7);
            DataOutputStream data = new DataOutputStream(bytes);
            try {
                data.writeInt(inner.length + 3);
                data.writeByte(1);
                data.writeByte('k');
                data.writeByte('F');
                data.write(inner);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            inner = bytes.toByteArray();
        }
        return inner;
    }
}
