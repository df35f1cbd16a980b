package io.warrenmq.it.adversary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.it.RawAmqpClient;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad protocol headers. rabbit_reader:handle_input(handshake, ...) and version_negotiation/2 answer
 * a header they cannot serve with a protocol header of their own and close the socket: for
 * {@code AMQP 0 0 9+ x} the 0-9-1 header (Warren sends it for every refused header, as RabbitMQ 3.x
 * did; RabbitMQ 4 sends {@code AMQP 3 1 0 0} for non-0-9 ones, docs/hardening.md). The 0-9 header
 * {@code AMQP 1 1 0 9} is served as 0-9-1.
 */
class ProtocolHeaderAttackIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    @Test
    void wrongVersionIsAnsweredWithTheAmqp091HeaderThenClosed() throws Exception {
        Bystander bystander = Bystander.join(broker);
        expectRefused(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 2});
        expectRefused(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 10, 0});
        expectRefused(new byte[] {'A', 'M', 'Q', 'P', 1, 1, 0, 8});
        bystander.assertUnharmed();
    }

    @Test
    void wrongBytesAreAnsweredWithTheAmqp091HeaderThenClosed() throws Exception {
        Bystander bystander = Bystander.join(broker);
        expectRefused("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        expectRefused(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01}); // a TLS client hello
        expectRefused(new byte[] {'A', 'M', 'Q', 'X', 0, 0, 9, 1});
        bystander.assertUnharmed();
    }

    @Test
    void amqp09HeaderIsServedAsAmqp091() throws Exception {
        RawAmqpClient raw = broker.newRawClient();
        raw.sendBytes(new byte[] {'A', 'M', 'Q', 'P', 1, 1, 0, 9});
        var start = raw.expectMethod(10, 10).arguments();
        // connection.start says 0-9, as RabbitMQ's does
        assertArrayEquals(new byte[] {0, 9}, new byte[] {start.readByte(), start.readByte()});
    }

    /** Sent one octet at a time, a good header still opens the connection. */
    @Test
    void headerSentOctetByOctetIsAccepted() throws Exception {
        RawAmqpClient raw = broker.newRawClient();
        for (byte b : RawAmqpClient.PROTOCOL_HEADER) {
            raw.sendBytes(new byte[] {b});
        }
        raw.expectMethod(10, 10);
    }

    private static void expectRefused(byte[] header) throws Exception {
        RawAmqpClient raw = broker.newRawClient();
        raw.sendBytes(header);
        assertArrayEquals(RawAmqpClient.PROTOCOL_HEADER, raw.readBytes(8));
        assertTrue(raw.awaitDisconnect(Bystander.CLOSE_GRACE), "socket closed after the refusal");
    }
}
