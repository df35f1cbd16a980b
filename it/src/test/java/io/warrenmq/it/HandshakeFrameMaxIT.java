package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Until {@code connection.tune-ok} the frame-max in force is the spec's frame-min-size, 4096 octets
 * (AMQP 0-9-1 §4.2.3 "frame-min-size"; RabbitMQ's reader starts with {@code frame_max =
 * ?FRAME_MIN_SIZE}): a bigger frame during the negotiation, such as a {@code start-ok} with large
 * client properties, is a FRAME_ERROR (501) connection error, checked from the frame header before
 * the payload is read or allocated.
 */
class HandshakeFrameMaxIT {
    private static final int FRAME_MIN_SIZE = 4096;
    /**
     * rabbit_reader's FRAME_SIZE_FUDGE: frames up to 8 octets over frame-max are tolerated, "since quite
     * a few [clients] get it wrong"; Warren's decoder tolerates the same.
     */
    private static final int FUDGE = 8;

    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    @Test
    void startOkLargerThanFrameMinSizeIsAFrameError() throws IOException {
        RawAmqpClient raw = broker.newRawClient();
        raw.sendBytes(RawAmqpClient.PROTOCOL_HEADER);
        raw.expectMethod(10, 10);
        // one octet over what the reader tolerates (frame-min-size plus RabbitMQ's 8-octet fudge)
        byte[] payload = startOk(FRAME_MIN_SIZE - 8 + FUDGE + 1);
        raw.sendFrame(RawAmqpClient.FRAME_METHOD, 0, payload);
        RawAmqpClient.Close close = raw.expectConnectionClose();
        assertEquals(501, close.replyCode(), close.replyText());
    }

    @Test
    void startOkOfFrameMinSizePlusTheFudgeIsAccepted() throws IOException {
        RawAmqpClient raw = broker.newRawClient();
        raw.sendBytes(RawAmqpClient.PROTOCOL_HEADER);
        raw.expectMethod(10, 10);
        raw.sendFrame(RawAmqpClient.FRAME_METHOD, 0, startOk(FRAME_MIN_SIZE - 8 + FUDGE)); // the largest tolerated
        raw.expectMethod(10, 30); // connection.tune: the login went through
    }

    /** The Java client with client properties too big for one 4096-octet frame cannot connect. */
    @Test
    void javaClientWithHugeClientPropertiesIsRefused() {
        ConnectionFactory factory = broker.connectionFactory();
        Map<String, Object> properties = new HashMap<>(factory.getClientProperties());
        properties.put("padding", "x".repeat(8000));
        factory.setClientProperties(properties);
        assertThrows(IOException.class, () -> broker.newConnection(factory));
    }

    /** After tune-ok the negotiated frame-max applies: a big publish in one 100 KB frame is fine. */
    @Test
    void afterTuneOkTheNegotiatedFrameMaxApplies() throws Exception {
        Connection connection = broker.newConnection();
        assertEquals(131072, connection.getFrameMax());
        var channel = connection.createChannel();
        String queue = channel.queueDeclare().getQueue();
        byte[] body = new byte[100_000];
        channel.basicPublish("", queue, null, body);
        assertEquals(body.length, Messages.getEventually(channel, queue, true).getBody().length);
        assertTrue(connection.isOpen());
    }

    /**
     * A PLAIN start-ok for guest whose method frame payload is exactly {@code payloadSize} octets: the
     * client-properties table is padded with one long string to reach it.
     */
    private static byte[] startOk(int payloadSize) {
        byte[] response = "\0guest\0guest".getBytes(StandardCharsets.UTF_8);
        // class+method 4, table length 4, entry: key "p" (1+1), type 'S' 1, length 4; mechanism 1+5;
        // response 4+n; locale 1+5
        int fixed = 4 + 4 + 2 + 1 + 4 + 6 + 4 + response.length + 6;
        byte[] padding = new byte[payloadSize - fixed];
        java.util.Arrays.fill(padding, (byte) 'x');
        RawAmqpClient.Arguments table = new RawAmqpClient.Arguments()
                .longInt(2 + 1 + 4 + padding.length)
                .shortString("p").octet('S').longString(padding);
        byte[] method = RawAmqpClient.methodPayload(10, 11, table
                .shortString("PLAIN")
                .longString(response)
                .shortString("en_US"));
        assertEquals(payloadSize, method.length, "test's own arithmetic");
        return method;
    }
}
