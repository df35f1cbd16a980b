package io.warrenmq.it.adversary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.it.RawAmqpClient;
import io.warrenmq.it.RawAmqpClient.Arguments;
import java.io.DataInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Names that are not valid UTF-8, sent as raw octets (a Java client cannot put them in a String).
 * Warren reads every shortstr losslessly, so different octets are never one name, and a 255-octet name is
 * still 255 octets when written back (it used to become U+FFFD: distinct names collapsed, and re-encoding
 * them closed the connection with 541). Names the broker keeps (queue and exchange names, binding keys,
 * consumer tags) must be valid UTF-8: 406 PRECONDITION_FAILED, a channel error. RabbitMQ keeps such names
 * as binaries and accepts them (rabbit_channel:check_name checks only the amq. prefix); Warren stores and
 * shows names as Unicode text, so it refuses them instead (docs/hardening.md). Routing keys, which are not
 * kept, pass through octet for octet.
 */
class InvalidUtf8NamesIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    @Test
    void queueNamesThatAreNotUtf8AreRefusedWith406NotCollapsedAndNot541() throws Exception {
        Bystander bystander = Bystander.join(broker);
        RawAmqpClient raw = open();
        for (byte[] name : new byte[][] {bytes("adv-q", 0xFF), bytes("adv-q", 0xFE), filled(255, 0xC3)}) {
            raw.sendMethod(1, 50, 10, new Arguments().shortInt(0).shortString(name)
                    .bits(false, true, false, false, false).emptyTable());
            RawAmqpClient.Close close = RawAmqpClient.parseClose(raw.expectMethod(20, 40));
            assertEquals(AMQP.PRECONDITION_FAILED, close.replyCode(), close.replyText());
            // the 255-octet one's text is cut at 255 octets, its end with it
            assertTrue(close.replyText().startsWith("PRECONDITION_FAILED - queue name '"), close.replyText());
            raw.sendMethod(1, 20, 41, new Arguments());
            raw.openChannel(1);
        }
        // the same connection still declares a valid name, and "q\u00ff" (valid UTF-8) is its own queue
        String valid = EmbeddedBroker.uniqueName("adv-q\u00ff");
        raw.sendMethod(1, 50, 10, RawAmqpClient.queueDeclare(valid));
        DataInputStream ok = raw.expectMethod(50, 11).arguments();
        assertArrayEquals(valid.getBytes(StandardCharsets.UTF_8), shortString(ok));
        bystander.assertUnharmed();
    }

    @Test
    void exchangeNamesBindingKeysAndConsumerTagsThatAreNotUtf8AreRefusedWith406() throws Exception {
        Bystander bystander = Bystander.join(broker);
        RawAmqpClient raw = open();
        raw.sendMethod(1, 40, 10, new Arguments().shortInt(0).shortString(bytes("adv-x", 0x80))
                .shortString("fanout").bits(false, false, true, false, false).emptyTable());
        expectChannelClosedWith406(raw);

        String queue = declare(raw);
        raw.sendMethod(1, 50, 20, new Arguments().shortInt(0).shortString(queue).shortString("amq.direct")
                .shortString(bytes("key", 0xC0, 0xAF)).bits(false).emptyTable()); // an overlong '/'
        expectChannelClosedWith406(raw);

        raw.sendMethod(1, 60, 20, new Arguments().shortInt(0).shortString(queue).shortString(bytes("tag", 0xED, 0xA0, 0x80))
                .bits(false, false, false, false).emptyTable()); // an encoded surrogate
        expectChannelClosedWith406(raw);
        bystander.assertUnharmed();
    }

    /** A routing key is not kept, only matched: its octets reach the consumer exactly as they were sent. */
    @Test
    void routingKeysPassThroughOctetForOctet() throws Exception {
        RawAmqpClient raw = open();
        String queue = declare(raw);
        raw.sendMethod(1, 50, 20, new Arguments().shortInt(0).shortString(queue).shortString("amq.fanout")
                .shortString("").bits(false).emptyTable());
        raw.expectMethod(50, 21);
        byte[] first = bytes("rk", 0xFF);
        byte[] second = bytes("rk", 0xFE);
        for (byte[] key : new byte[][] {first, second}) {
            raw.sendMethod(1, 60, 40, new Arguments().shortInt(0).shortString("amq.fanout").shortString(key).bits(false, false));
            Attack.header(raw, 1, 1);
            raw.sendFrame(RawAmqpClient.FRAME_BODY, 1, new byte[] {'m'});
        }
        for (byte[] expected : new byte[][] {first, second}) {
            raw.sendMethod(1, 60, 70, new Arguments().shortInt(0).shortString(queue).bits(true));
            DataInputStream getOk = raw.expectMethod(60, 71).arguments();
            getOk.readLong(); // delivery tag
            getOk.readUnsignedByte(); // redelivered
            assertArrayEquals("amq.fanout".getBytes(StandardCharsets.US_ASCII), shortString(getOk));
            assertArrayEquals(expected, shortString(getOk), "routing key octets");
            raw.readFrame(); // header
            raw.readFrame(); // body
        }
    }

    private static RawAmqpClient open() throws Exception {
        RawAmqpClient raw = broker.newRawClient();
        raw.handshake(0);
        raw.openChannel(1);
        return raw;
    }

    private static String declare(RawAmqpClient raw) throws Exception {
        String queue = EmbeddedBroker.uniqueName("adv-utf8");
        raw.sendMethod(1, 50, 10, RawAmqpClient.queueDeclare(queue));
        raw.expectMethod(50, 11);
        return queue;
    }

    private static void expectChannelClosedWith406(RawAmqpClient raw) throws Exception {
        RawAmqpClient.Close close = RawAmqpClient.parseClose(raw.expectMethod(20, 40));
        assertEquals(AMQP.PRECONDITION_FAILED, close.replyCode(), close.replyText());
        assertTrue(close.replyText().contains("is not valid UTF-8"), close.replyText());
        raw.sendMethod(1, 20, 41, new Arguments());
        raw.openChannel(1);
    }

    private static byte[] bytes(String prefix, int... tail) {
        byte[] head = prefix.getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(head, head.length + tail.length);
        for (int i = 0; i < tail.length; i++) {
            out[head.length + i] = (byte) tail[i];
        }
        return out;
    }

    private static byte[] filled(int length, int octet) {
        byte[] out = new byte[length];
        Arrays.fill(out, (byte) octet);
        return out;
    }

    private static byte[] shortString(DataInputStream in) throws Exception {
        byte[] bytes = new byte[in.readUnsignedByte()];
        in.readFully(bytes);
        return bytes;
    }
}
