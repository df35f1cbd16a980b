package io.warrenmq.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.warrenmq.codec.method.BasicMethod;
import io.warrenmq.codec.method.Method;
import io.warrenmq.codec.types.BasicProperties;
import io.warrenmq.codec.types.EncodedShortStrings;
import java.util.ArrayList;
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
 * The codec on the broker's hot path, one message per operation: decoding a publish as it comes off
 * the socket ({@code basic.publish} + content header + one 16-byte body frame) through a
 * {@link FrameDecoder} in listener mode and a {@link ContentAggregator} into a complete command (method,
 * properties, body), as the broker does, and encoding a delivery ({@code basic.deliver} + header + body)
 * with {@link FrameWriter} from its fields into an outbound buffer, as {@code Outbound.deliver} does.
 *
 * <p>// why: the decoder is called directly ({@code decode} is protected; this class shares its
 * package) rather than through a channel pipeline, so the figure is the codec's own cost; the
 * {@code ...ThroughEmbeddedChannel} variant shows what a pipeline (here Netty's test channel) adds.
 * Input and output buffers come from Netty's default allocator (pooled, direct), as on a socket.
 *
 * <p>Thread-safety: one instance per benchmark thread ({@link Scope#Thread}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FrameCodecBenchmark {
    private static final int BODY_SIZE = 16;
    private static final String CONSUMER_TAG = "amq.ctag-bench";
    private static final String ROUTING_KEY = "bench.queue";
    private static final BasicProperties PROPERTIES = new BasicProperties("application/octet-stream", null, null, 1,
            null, null, null, null, null, null, null, null, null, null);

    private ByteBuf wire;
    private FrameDecoder decoder;
    private final ArrayList<Object> unused = new ArrayList<>(1);
    private EmbeddedChannel embedded;
    /** The last command completed; its buffers are released by the benchmark method. */
    private Method method;
    private ByteBuf properties;
    private ByteBuf body;

    private ByteBuf storedProperties;
    private ByteBuf storedBody;
    private ByteBuf outbound;
    /** The connection's cache of encoded shortstrs, as {@code Outbound} keeps one. */
    private final EncodedShortStrings strings = new EncodedShortStrings();
    private long deliveryTag;

    @Setup
    public void setUp() {
        ByteBuf bodyBytes = Unpooled.buffer(BODY_SIZE).writeZero(BODY_SIZE);
        ByteBuf encoded = Unpooled.buffer();
        FrameWriter.writeMethod(encoded, 1, new BasicMethod.Publish("", ROUTING_KEY, false, false));
        FrameWriter.writeHeader(encoded, 1, BasicMethod.CLASS_ID, BODY_SIZE, PROPERTIES);
        FrameWriter.writeBody(encoded, 1, bodyBytes, 0, BODY_SIZE);
        wire = ByteBufAllocator.DEFAULT.directBuffer(encoded.readableBytes()).writeBytes(encoded);
        decoder = new FrameDecoder(131072, new ToAggregator(newAggregator()));
        embedded = new EmbeddedChannel(new FrameDecoder(131072, new ToAggregator(newAggregator())));

        ByteBuf props = Unpooled.buffer();
        PROPERTIES.write(props);
        storedProperties = ByteBufAllocator.DEFAULT.directBuffer().writeBytes(props);
        storedBody = ByteBufAllocator.DEFAULT.directBuffer(BODY_SIZE).writeBytes(bodyBytes, 0, BODY_SIZE);
        outbound = ByteBufAllocator.DEFAULT.directBuffer(4096);
    }

    private ContentAggregator newAggregator() {
        return new ContentAggregator(ByteBufAllocator.DEFAULT, 128L << 20, (m, p, b) -> {
            method = m;
            properties = p;
            body = b;
        });
    }

    @TearDown
    public void tearDown() {
        wire.release();
        storedProperties.release();
        storedBody.release();
        outbound.release();
        embedded.finishAndReleaseAll();
    }

    /** Bytes of one publish off the socket to the command the channel gets; the command is then released. */
    @Benchmark
    public Method decodePublish() {
        wire.readerIndex(0);
        while (wire.isReadable()) {
            decoder.decode(null, wire, unused);
        }
        return completed();
    }

    /** The same, through a channel pipeline: EmbeddedChannel.writeInbound. */
    @Benchmark
    public Method decodePublishThroughEmbeddedChannel() {
        embedded.writeInbound(wire.retainedSlice(0, wire.writerIndex()));
        return completed();
    }

    private Method completed() {
        properties.release();
        body.release();
        return method;
    }

    /** One delivery's frames written into the connection's outbound buffer (reused: cleared per message). */
    @Benchmark
    public ByteBuf encodeDeliver() {
        ByteBuf out = outbound.clear();
        FrameWriter.writeDeliver(out, 1, CONSUMER_TAG, ++deliveryTag, false, "", ROUTING_KEY, strings);
        int size = storedBody.readableBytes();
        FrameWriter.writeHeader(out, 1, BasicMethod.CLASS_ID, size, storedProperties);
        FrameWriter.writeBody(out, 1, storedBody, storedBody.readerIndex(), size);
        return out;
    }

    /** What the broker's connection does with frames, for one channel: feeds them to its aggregator. */
    private static final class ToAggregator implements FrameListener {
        private final ContentAggregator aggregator;

        ToAggregator(ContentAggregator aggregator) {
            this.aggregator = aggregator;
        }

        @Override
        public void onMethod(int channel, Method method) {
            aggregator.onMethod(method);
        }

        @Override
        public void onHeader(int channel, int classId, long bodySize, ByteBuf in, int index, int length) {
            aggregator.onHeader(classId, bodySize, in, index, length);
        }

        @Override
        public void onBody(int channel, ByteBuf in, int index, int length) {
            aggregator.onBody(in, index, length);
        }

        @Override
        public void onHeartbeat() {
        }
    }
}
