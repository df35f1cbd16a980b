package io.warrenmq.amqp10.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import io.warrenmq.amqp10.codec.DecodeException;
import io.warrenmq.amqp10.codec.Decoder;
import io.warrenmq.amqp10.frame.AmqpFrame;
import io.warrenmq.amqp10.frame.FrameDecoder;
import java.util.Arrays;

/**
 * Jazzer target: the AMQP 1.0 frame decoder (frames, performatives, SASL frames, the header after SASL)
 * and the type decoder on its own. Either may only produce values or fail with a {@link DecodeException};
 * anything else is a finding.
 *
 * <p>The first octet picks the max-frame-size (the spec's 512 or 64 KiB), whether a protocol header is
 * expected first, and the chunk size. Regression inputs:
 * {@code src/test/resources/io/warrenmq/amqp10/fuzz/Amqp10FrameFuzzTestInputs/}.
 */
public class Amqp10FrameFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void framesAndTypesOrDecodeExceptionsOnly(byte[] input) {
        fuzzerTestOneInput(input);
    }

    /** Also the entry point of the Jazzer command line (bench/scripts/fuzz-long.sh). */
    public static void fuzzerTestOneInput(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int control = input[0] & 0xFF;
        byte[] rest = Arrays.copyOfRange(input, 1, input.length);
        try {
            Decoder.read(Unpooled.wrappedBuffer(rest));
        } catch (DecodeException e) {
            // refused as it should be
        }
        FrameDecoder decoder = new FrameDecoder();
        decoder.maxFrameSize((control & 1) == 0 ? FrameDecoder.MIN_MAX_FRAME_SIZE : 64 * 1024);
        if ((control & 2) != 0) {
            decoder.expectHeader();
        }
        int chunk = 1 + (control >>> 2);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        try {
            for (int offset = 0; offset < rest.length; offset += chunk) {
                channel.writeInbound(Unpooled.wrappedBuffer(rest, offset, Math.min(chunk, rest.length - offset)));
                release(channel);
            }
        } catch (DecoderException e) {
            if (!(e.getCause() instanceof DecodeException)) {
                throw e;
            }
        } finally {
            release(channel);
            channel.finishAndReleaseAll();
        }
    }

    private static void release(EmbeddedChannel channel) {
        for (Object o; (o = channel.readInbound()) != null; ) {
            if (o instanceof AmqpFrame.Amqp frame) {
                frame.release();
            } else {
                ReferenceCountUtil.release(o);
            }
        }
    }
}
