package io.warrenmq.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.warrenmq.codec.types.MethodWriter;
import io.warrenmq.codec.types.ShortStringCache;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Shortstrs that miss the connection's caches: 64 routing keys in rotation, more than the 8 slots of
 * {@link ShortStringCache} and {@code EncodedShortStrings}, so every read decodes and every write encodes
 * (a publisher whose routing key changes with every message). Measures what lossless UTF-8 reading
 * ({@code LosslessUtf8}: a scan for U+FFFD after decoding; a scan for escapes before encoding) costs on
 * that path; the cached path (FrameCodecBenchmark) does not reach it.
 *
 * <p>Thread-safety: one instance per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ShortStringMissBenchmark {
    private static final int KEYS = 64;

    private ByteBuf wire;
    private final int[] offsets = new int[KEYS];
    private final int[] lengths = new int[KEYS];
    private final String[] strings = new String[KEYS];
    private final ShortStringCache cache = new ShortStringCache();
    private ByteBuf out;
    private MethodWriter writer;
    private int next;

    @Setup
    public void setUp() {
        wire = ByteBufAllocator.DEFAULT.directBuffer();
        for (int i = 0; i < KEYS; i++) {
            strings[i] = "orders.eu-west." + i + ".created";
            byte[] bytes = strings[i].getBytes(StandardCharsets.UTF_8);
            offsets[i] = wire.writerIndex();
            lengths[i] = bytes.length;
            wire.writeBytes(bytes);
        }
        out = ByteBufAllocator.DEFAULT.directBuffer(256);
        writer = new MethodWriter(out);
    }

    @TearDown
    public void tearDown() {
        wire.release();
        out.release();
    }

    /** One routing key read off the wire, missing the cache. */
    @Benchmark
    public String decodeMiss() {
        int i = next++ & (KEYS - 1);
        return cache.decode(wire, offsets[i], lengths[i]);
    }

    /** One routing key written as a shortstr, uncached. */
    @Benchmark
    public ByteBuf encodeUncached() {
        int i = next++ & (KEYS - 1);
        out.clear();
        writer.writeTo(out).shortString(strings[i]);
        return out;
    }
}
