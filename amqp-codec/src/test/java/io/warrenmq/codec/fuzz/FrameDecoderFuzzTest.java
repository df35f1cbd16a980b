package io.warrenmq.codec.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.BodyFrame;
import io.warrenmq.codec.HeaderFrame;
import io.warrenmq.codec.Frame;
import io.warrenmq.codec.FrameDecoder;
import io.warrenmq.codec.FrameListener;
import io.warrenmq.codec.method.Method;

/**
 * Jazzer target: any octets, cut into chunks, through the frame decoder in both of its modes (records, and
 * the broker's listener mode). The decoder may only report frames or fail with an {@link AmqpException};
 * anything else (an index error, an allocation the input did not pay for, a stack overflow) is a finding, and
 * so is a buffer of the decoder's still referenced once the channel is closed and every frame released.
 *
 * <p>The first input octet picks the frame-max and the chunk size, so splits at every offset are explored.
 * Regression inputs: {@code src/test/resources/io/warrenmq/codec/fuzz/FrameDecoderFuzzTestInputs/}.
 */
public class FrameDecoderFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void framesOrAmqpExceptionsOnly(byte[] input) {
        fuzzerTestOneInput(input);
    }

    /** Also the entry point of the Jazzer command line (bench/scripts/fuzz-long.sh). */
    public static void fuzzerTestOneInput(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int control = input[0] & 0xFF;
        int frameMax = (control & 1) == 0 ? Frame.FRAME_MIN_SIZE : 131_072;
        int chunk = 1 + (control >>> 1);
        decode(new FrameDecoder(frameMax), input, chunk);
        decode(new FrameDecoder(frameMax, new Discarding()), input, chunk);
    }

    private static void decode(FrameDecoder decoder, byte[] input, int chunk) {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc); // the decoder's cumulation comes from here
        channel.pipeline().addLast(decoder);
        try {
            for (int offset = 1; offset < input.length; offset += chunk) {
                channel.writeInbound(Unpooled.wrappedBuffer(input, offset, Math.min(chunk, input.length - offset)));
                releaseInbound(channel);
            }
        } catch (DecoderException e) {
            if (!(e.getCause() instanceof AmqpException)) {
                throw e;
            }
        } finally {
            releaseInbound(channel);
            channel.finishAndReleaseAll();
        }
        alloc.assertAllReleased();
    }

    private static void releaseInbound(EmbeddedChannel channel) {
        for (Object o; (o = channel.readInbound()) != null; ) {
            if (o instanceof HeaderFrame h) {
                h.release();
            } else if (o instanceof BodyFrame b) {
                b.release();
            } else {
                ReferenceCountUtil.release(o);
            }
        }
    }

    /** The broker's mode: fields reported, nothing kept; the regions must lie inside the buffer. */
    private static final class Discarding implements FrameListener {
        @Override
        public void onMethod(int channel, Method method) {
            method.name();
        }

        @Override
        public void onHeader(int channel, int classId, long bodySize, ByteBuf in, int index, int length) {
            in.getBytes(index, new byte[length]);
        }

        @Override
        public void onBody(int channel, ByteBuf in, int index, int length) {
            in.getBytes(index, new byte[length]);
        }

        @Override
        public void onHeartbeat() {
        }
    }
}
