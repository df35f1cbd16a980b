package io.warrenmq.codec.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.ContentAggregator;
import io.warrenmq.codec.method.BasicMethod;
import io.warrenmq.codec.method.Method;
import io.warrenmq.codec.method.QueueMethod;
import io.warrenmq.codec.types.FieldTable;

/**
 * Jazzer target: a channel's content assembly driven by any sequence of method, header and body events
 * (sizes from zero to far beyond the limit, headers of any class). The aggregator may only complete
 * commands or fail with an {@link AmqpException}; a completed body holds exactly the octets declared and
 * sent, and everything it allocated is released (by the sink, or by {@code reset} after an error).
 *
 * <p>Regression inputs: {@code src/test/resources/io/warrenmq/codec/fuzz/ContentAssemblyFuzzTestInputs/}.
 */
public class ContentAssemblyFuzzTest {
    private static final long MAX_BODY = 64 * 1024;
    private static final Method PUBLISH = new BasicMethod.Publish("x", "k", false, false);
    private static final byte[] PAYLOAD = new byte[(int) MAX_BODY + 16];
    private static final Method DECLARE = new QueueMethod.Declare("q", false, false, false, false, false, FieldTable.EMPTY);

    @FuzzTest(maxDuration = "10s")
    void commandsOrAmqpExceptionsAndNothingLeaks(FuzzedDataProvider data) {
        run(data);
    }

    /** Also the entry point of the Jazzer command line (bench/scripts/fuzz-long.sh). */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        run(data);
    }

    private static void run(FuzzedDataProvider data) {
        long[] declared = {-1};
        long[] sent = {0};
        TrackingAllocator alloc = new TrackingAllocator();
        ContentAggregator aggregator = new ContentAggregator(alloc, MAX_BODY,
                (method, properties, body) -> {
                    if (body != null && body.readableBytes() != declared[0]) {
                        throw new IllegalStateException("body of " + body.readableBytes() + " octets, declared "
                                + declared[0]);
                    }
                    if (body != null && sent[0] != declared[0]) {
                        throw new IllegalStateException("completed after " + sent[0] + " of " + declared[0]);
                    }
                    release(properties);
                    release(body);
                });
        ByteBuf source = Unpooled.wrappedBuffer(PAYLOAD); // only read: one for all runs
        while (data.remainingBytes() > 0) {
            try {
                switch (data.consumeInt(0, 3)) {
                    case 0 -> aggregator.onMethod(PUBLISH);
                    case 1 -> aggregator.onMethod(DECLARE);
                    case 2 -> {
                        long size = data.consumeBoolean() ? data.consumeLong(0, MAX_BODY + 2) : data.consumeLong();
                        int classId = data.consumeBoolean() ? 60 : data.consumeInt(0, 0xFFFF);
                        int length = data.consumeInt(0, 16);
                        if (aggregator.state() == ContentAggregator.State.EXPECTING_HEADER) {
                            declared[0] = size;
                            sent[0] = 0;
                        }
                        aggregator.onHeader(classId, size, source, 0, length);
                    }
                    default -> {
                        int length = data.consumeInt(0, PAYLOAD.length);
                        if (aggregator.state() == ContentAggregator.State.EXPECTING_BODY) {
                            sent[0] += length;
                        }
                        aggregator.onBody(source, 0, length);
                    }
                }
            } catch (AmqpException e) {
                aggregator.reset(); // what the channel does when it closes
            }
        }
        aggregator.reset();
        alloc.assertAllReleased();
    }

    private static void release(ByteBuf buf) {
        if (buf != null && buf.refCnt() > 0) {
            buf.release();
        }
    }
}
