package io.warrenmq.codec;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.warrenmq.codec.method.Method;
import io.warrenmq.codec.method.MethodSamples;
import io.warrenmq.codec.types.BasicProperties;
import io.warrenmq.codec.types.FieldTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutation of valid frames: the decoder may only produce frames or fail with an
 * AmqpException. Reproduce a failure with {@code -Dfuzz.seed=<printed seed>}.
 */
class FrameDecoderFuzzTest {
    private static final int ITERATIONS = 3000;

    @Test
    void mutatedFramesOnlyEverYieldFramesOrAmqpExceptions() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("FrameDecoderFuzzTest seed=" + seed + " (rerun with -Dfuzz.seed=" + seed + ")");
        Random random = new Random(seed);
        List<byte[]> valid = validFrames();
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = mutate(random, Wire.concat(valid.get(random.nextInt(valid.size())),
                    valid.get(random.nextInt(valid.size()))));
            EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(Frame.FRAME_MIN_SIZE));
            try {
                int offset = 0;
                while (offset < input.length) {
                    int n = 1 + random.nextInt(input.length - offset);
                    ch.writeInbound(Unpooled.wrappedBuffer(input, offset, n));
                    offset += n;
                    Wire.readAll(ch).forEach(Wire::snapshot);
                }
            } catch (DecoderException e) {
                assertInstanceOf(AmqpException.class, e.getCause(), "seed " + seed + " iteration " + i);
            } catch (RuntimeException | Error e) {
                fail("seed " + seed + " iteration " + i + " input " + Arrays.toString(input), e);
            } finally {
                Wire.readAll(ch).forEach(Wire::snapshot);
                ch.finishAndReleaseAll();
            }
        }
    }

    private static List<byte[]> validFrames() {
        List<byte[]> frames = new ArrayList<>();
        for (Method m : MethodSamples.all()) {
            frames.add(Wire.method(1, m));
        }
        BasicProperties all = new BasicProperties("text/plain", "utf-8", FieldTable.of(Map.of("k", List.of(1, "v"))),
                2, 5, "c", "r", "1000", "m", Instant.ofEpochSecond(5), "t", "u", "a", "cl");
        frames.add(Wire.header(1, 10, all));
        frames.add(Wire.header(1, 0, BasicProperties.EMPTY));
        frames.add(Wire.body(1, "0123456789".getBytes()));
        frames.add(Wire.heartbeat());
        return frames;
    }

    private static byte[] mutate(Random random, byte[] input) {
        byte[] out = input.clone();
        switch (random.nextInt(5)) {
            case 0 -> { // flip 1-4 random octets
                for (int k = 1 + random.nextInt(4); k > 0; k--) {
                    out[random.nextInt(out.length)] = (byte) random.nextInt(256);
                }
            }
            case 1 -> out = Arrays.copyOf(out, random.nextInt(out.length)); // truncate
            case 2 -> { // extend with garbage
                int extra = 1 + random.nextInt(32);
                out = Arrays.copyOf(out, out.length + extra);
                for (int k = input.length; k < out.length; k++) {
                    out[k] = (byte) random.nextInt(256);
                }
            }
            case 3 -> { // corrupt a field length/size to a huge or off-by-some value
                int at = random.nextInt(Math.max(1, out.length - 4));
                int value = random.nextBoolean() ? 0x7fffffff : random.nextInt(512);
                out[at] = (byte) (value >>> 24);
                out[at + 1] = (byte) (value >>> 16);
                out[at + 2] = (byte) (value >>> 8);
                out[at + 3] = (byte) value;
            }
            default -> { // flip a single bit inside the payload region
                int at = 7 + random.nextInt(Math.max(1, out.length - 8));
                out[Math.min(at, out.length - 1)] ^= (byte) (1 << random.nextInt(8));
            }
        }
        return out;
    }
}
