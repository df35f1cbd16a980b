package io.warrenmq.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.warrenmq.codec.method.BasicMethod;
import io.warrenmq.codec.types.BasicProperties;
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
 * the socket ({@code basic.publish} + content header + one 16-byte body frame) through
 * {@link FrameDecoder} and {@link ContentAggregator} into a {@link Command}, and encoding a delivery
 * ({@code basic.deliver} + header + body) with {@link FrameWriter} into an outbound buffer, as
 * {@code Outbound.content} does.
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
    private static final BasicProperties PROPERTIES = new BasicProperties("application/octet-stream", null, null, 1,
            null, null, null, null, null, null, null, null, null, null);

    private ByteBuf wire;
    private FrameDecoder decoder;
    private ContentAggregator aggregator;
    private final ArrayList<Object> frames = new ArrayList<>(4);
    private EmbeddedChannel embedded;
    private ContentAggregator embeddedAggregator;

    private ByteBuf storedProperties;
    private ByteBuf storedBody;
    private ByteBuf outbound;
    private long deliveryTag;

    @Setup
    public void setUp() {
        ByteBuf body = Unpooled.buffer(BODY_SIZE).writeZero(BODY_SIZE);
        ByteBuf encoded = Unpooled.buffer();
        FrameWriter.writeMethod(encoded, 1, new BasicMethod.Publish("", "bench.queue", false, false));
        FrameWriter.writeHeader(encoded, 1, BasicMethod.CLASS_ID, BODY_SIZE, PROPERTIES);
        FrameWriter.writeBody(encoded, 1, body, 0, BODY_SIZE);
        wire = ByteBufAllocator.DEFAULT.directBuffer(encoded.readableBytes()).writeBytes(encoded);
        decoder = new FrameDecoder(131072);
        aggregator = new ContentAggregator(ByteBufAllocator.DEFAULT, 128L << 20);
        embedded = new EmbeddedChannel(new FrameDecoder(131072));
        embeddedAggregator = new ContentAggregator(ByteBufAllocator.DEFAULT, 128L << 20);

        ByteBuf props = Unpooled.buffer();
        PROPERTIES.write(props);
        storedProperties = ByteBufAllocator.DEFAULT.directBuffer().writeBytes(props);
        storedBody = ByteBufAllocator.DEFAULT.directBuffer(BODY_SIZE).writeBytes(body, 0, BODY_SIZE);
        outbound = ByteBufAllocator.DEFAULT.directBuffer(4096);
    }

    @TearDown
    public void tearDown() {
        wire.release();
        storedProperties.release();
        storedBody.release();
        outbound.release();
        embedded.finishAndReleaseAll();
    }

    /** Bytes of one publish off the socket to the Command the channel gets; the command is then released. */
    @Benchmark
    public Command decodePublish() {
        wire.readerIndex(0);
        Command command = null;
        while (wire.isReadable()) {
            decoder.decode(null, wire, frames);
            for (int i = 0; i < frames.size(); i++) {
                Command c = aggregator.accept((Frame) frames.get(i));
                if (c != null) {
                    command = c;
                }
            }
            frames.clear();
        }
        command.release();
        return command;
    }

    /** The same, through a channel pipeline: EmbeddedChannel.writeInbound and readInbound per frame. */
    @Benchmark
    public Command decodePublishThroughEmbeddedChannel() {
        embedded.writeInbound(wire.retainedSlice(0, wire.writerIndex()));
        Command command = null;
        Object frame;
        while ((frame = embedded.readInbound()) != null) {
            Command c = embeddedAggregator.accept((Frame) frame);
            if (c != null) {
                command = c;
            }
        }
        command.release();
        return command;
    }

    /** One delivery's frames written into the connection's outbound buffer (reused: cleared per message). */
    @Benchmark
    public ByteBuf encodeDeliver() {
        ByteBuf out = outbound.clear();
        BasicMethod.Deliver deliver = new BasicMethod.Deliver("amq.ctag-bench", ++deliveryTag, false, "",
                "bench.queue");
        FrameWriter.writeMethod(out, 1, deliver);
        int size = storedBody.readableBytes();
        FrameWriter.writeHeader(out, 1, deliver.classId(), size, storedProperties);
        FrameWriter.writeBody(out, 1, storedBody, storedBody.readerIndex(), size);
        return out;
    }
}
