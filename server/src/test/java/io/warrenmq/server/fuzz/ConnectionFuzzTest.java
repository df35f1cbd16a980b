package io.warrenmq.server.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.warrenmq.codec.ReplyCode;
import io.warrenmq.codec.method.ChannelMethod;
import io.warrenmq.codec.method.ConnectionMethod;
import io.warrenmq.server.BrokerConfig;
import io.warrenmq.server.Handshake;
import java.util.Arrays;

/**
 * Jazzer target: the connection state machine, through the server's real pipeline (protocol header,
 * frame decoder, connection handler, channels and queues) in an {@code EmbeddedChannel}. Any octets, from
 * the first one on or after a completed handshake. The broker may answer anything the protocol allows,
 * but an exception escaping the pipeline, output the client side cannot parse as AMQP, or a close with
 * 541 INTERNAL_ERROR (an exception that was not an {@code AmqpException}: a bug) is a finding.
 *
 * <p>The first octet chooses the start: odd, after connection.open-ok; even, before the protocol header.
 * Regression inputs: {@code src/test/resources/io/warrenmq/server/fuzz/ConnectionFuzzTestInputs/}.
 */
public class ConnectionFuzzTest {
    private static final BrokerConfig CONFIG = BrokerConfig.defaults().withMaxMessageSize(64 * 1024);

    @FuzzTest(maxDuration = "10s")
    void connectionSurvivesAnyBytes(byte[] input) {
        fuzzerTestOneInput(input);
    }

    /** Also the entry point of the Jazzer command line (bench/scripts/fuzz-long.sh). */
    public static void fuzzerTestOneInput(byte[] input) {
        if (input.length == 0) {
            return;
        }
        boolean open = (input[0] & 1) != 0;
        try (Handshake h = open ? Handshake.open(CONFIG) : Handshake.connect(CONFIG)) {
            h.received();
            h.sendBytes(Arrays.copyOfRange(input, 1, input.length));
            h.runPendingTasks();
            if (refusedTheHeader(h)) {
                return;
            }
            for (Handshake.Received r : h.received()) {
                if (r.method() instanceof ConnectionMethod.Close c && c.replyCode() == ReplyCode.INTERNAL_ERROR.code()) {
                    throw new IllegalStateException("connection closed with " + c.replyText());
                }
                if (r.method() instanceof ChannelMethod.Close c && c.replyCode() == ReplyCode.INTERNAL_ERROR.code()) {
                    throw new IllegalStateException("channel closed with " + c.replyText());
                }
            }
        }
    }

    /**
     * A refused protocol header is answered with our own header, which is not a frame: the client side's
     * decoder must not see it. The socket must be closed after it.
     */
    private static boolean refusedTheHeader(Handshake h) {
        Object first = h.channel().outboundMessages().peek();
        if (first instanceof ByteBuf buf && buf.readableBytes() >= 4
                && buf.getByte(buf.readerIndex()) == 'A' && buf.getByte(buf.readerIndex() + 1) == 'M') {
            if (h.channel().isOpen()) {
                throw new IllegalStateException("the header was refused but the socket stayed open");
            }
            return true;
        }
        return false;
    }
}
