package io.warrenmq.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.warrenmq.codec.method.BasicMethod;
import io.warrenmq.codec.method.QueueMethod;
import io.warrenmq.codec.types.BasicProperties;
import io.warrenmq.codec.types.FieldTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import org.junit.jupiter.api.Test;

class ContentAggregatorTest {
    private static final BasicMethod.Publish PUBLISH = new BasicMethod.Publish("ex", "rk", false, false);
    private static final BasicProperties PROPS = BasicProperties.EMPTY.withDeliveryMode(2);

    /** What the aggregator completed, in order. */
    private final ArrayDeque<Command> completed = new ArrayDeque<>();
    private final ContentAggregator aggregator = new ContentAggregator(PooledByteBufAllocator.DEFAULT, 1024,
            (method, properties, body) -> completed.add(new Command(method, properties, body)));

    /**
     * Feeds a frame record's fields as the broker's decoder reports them, then releases the record (the
     * region is only valid during the call); returns the command it completed, or null.
     */
    private Command accept(Frame frame) {
        return accept(aggregator, frame);
    }

    private Command accept(ContentAggregator target, Frame frame) {
        if (frame instanceof MethodFrame m) {
            target.onMethod(m.method());
        } else if (frame instanceof HeaderFrame h) {
            try {
                ByteBuf p = h.rawProperties();
                target.onHeader(h.classId(), h.bodySize(), p, p.readerIndex(), p.readableBytes());
            } finally {
                h.release();
            }
        } else if (frame instanceof BodyFrame b) {
            try {
                ByteBuf p = b.payload();
                target.onBody(p, p.readerIndex(), p.readableBytes());
            } finally {
                b.release();
            }
        }
        return completed.poll();
    }

    private static HeaderFrame header(int classId, long size) {
        ByteBuf raw = Unpooled.buffer();
        PROPS.write(raw);
        return new HeaderFrame(1, classId, size, raw);
    }

    private static BodyFrame body(String s) {
        return new BodyFrame(1, Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
    }

    @Test
    void methodWithoutContentCompletesAtOnce() {
        QueueMethod.Declare declare = new QueueMethod.Declare("q", false, true, false, false, false, FieldTable.EMPTY);
        Command c = accept(new MethodFrame(1, declare));
        assertSame(declare, c.method());
        assertNull(c.properties());
        assertNull(c.body());
    }

    @Test
    void publishHeaderAndBodiesAreAssembledIntoOneBuffer() {
        assertNull(accept(new MethodFrame(1, PUBLISH)));
        assertEquals(ContentAggregator.State.EXPECTING_HEADER, aggregator.state());
        HeaderFrame h = header(60, 11);
        assertNull(accept(h));
        assertEquals(0, h.rawProperties().refCnt(), "header frame released after copying");
        BodyFrame b1 = body("hello ");
        assertNull(accept(b1));
        assertEquals(0, b1.payload().refCnt(), "body frame released after copying");
        Command c = accept(body("world"));
        assertEquals(PUBLISH, c.method());
        assertEquals(PROPS, BasicProperties.read(c.properties().duplicate()));
        assertEquals(11, c.body().readableBytes());
        assertEquals("hello world", c.body().toString(StandardCharsets.UTF_8));
        assertEquals(11, c.body().capacity());
        assertEquals(ContentAggregator.State.EXPECTING_METHOD, aggregator.state());
        c.release();
    }

    @Test
    void zeroLengthBodyCompletesRightAfterTheHeader() {
        accept(new MethodFrame(1, PUBLISH));
        Command c = accept(header(60, 0));
        assertEquals(0, c.body().readableBytes());
        c.release();
        assertEquals(ContentAggregator.State.EXPECTING_METHOD, aggregator.state());
    }

    @Test
    void contentFrameWithoutAMethodIsUnexpected() {
        BodyFrame b = body("x");
        assertCode(ReplyCode.UNEXPECTED_FRAME, () -> accept(b));
        assertEquals(0, b.payload().refCnt());
        assertCode(ReplyCode.UNEXPECTED_FRAME, () -> accept(header(60, 1)));
    }

    @Test
    void methodWhileHeaderExpectedIsUnexpected() {
        accept(new MethodFrame(1, PUBLISH));
        AmqpException e = assertCode(ReplyCode.UNEXPECTED_FRAME, () -> accept(new MethodFrame(1, PUBLISH)));
        assertEquals(60, e.classId());
        assertEquals(40, e.methodId());
        assertEquals(ContentAggregator.State.EXPECTING_METHOD, aggregator.state());
    }

    @Test
    void methodWhileBodyExpectedIsUnexpectedAndReleasesPartialContent() {
        accept(new MethodFrame(1, PUBLISH));
        accept(header(60, 10));
        accept(body("12345"));
        assertCode(ReplyCode.UNEXPECTED_FRAME, () -> accept(new MethodFrame(1, PUBLISH)));
        assertEquals(ContentAggregator.State.EXPECTING_METHOD, aggregator.state());
    }

    @Test
    void headerForAnotherClassIsUnexpected() {
        accept(new MethodFrame(1, PUBLISH));
        AmqpException e = assertCode(ReplyCode.UNEXPECTED_FRAME, () -> accept(header(50, 1)));
        assertTrue(e.text().contains("expected content header for class 60, got one for class 50 instead"));
    }

    @Test
    void oversizedBodyIsAPreconditionFailedChannelErrorDecidedAtTheHeader() {
        accept(new MethodFrame(1, PUBLISH));
        HeaderFrame h = header(60, 1025);
        AmqpException e = assertCode(ReplyCode.PRECONDITION_FAILED, () -> accept(h));
        assertEquals("PRECONDITION_FAILED - message size 1025 is larger than configured max size 1024", e.text());
        assertFalse(e.isConnectionError());
        assertEquals(0, h.rawProperties().refCnt());
    }

    @Test
    void bodySizeBeyondTheAbsoluteMaximumIsAFrameError() {
        ContentAggregator big = new ContentAggregator(PooledByteBufAllocator.DEFAULT, Long.MAX_VALUE,
                (method, properties, body) -> completed.add(new Command(method, properties, body)));
        accept(big, new MethodFrame(1, PUBLISH));
        assertCode(ReplyCode.FRAME_ERROR, () -> accept(big, header(60, -1L)));
    }

    @Test
    void bodyFramesBeyondTheDeclaredSizeAreAFrameError() {
        accept(new MethodFrame(1, PUBLISH));
        accept(header(60, 3));
        AmqpException e = assertCode(ReplyCode.FRAME_ERROR, () -> accept(body("toolong")));
        assertTrue(e.text().contains("content body frame exceeds remaining content size"));
    }

    /** A declared size is only a claim: one octet received must not make the broker hold the whole size. */
    @Test
    void aHugeDeclaredBodyIsNotAllocatedBeforeItArrives() {
        RecordingAllocator alloc = new RecordingAllocator();
        ContentAggregator big = new ContentAggregator(alloc, 128L * 1024 * 1024,
                (method, properties, body) -> completed.add(new Command(method, properties, body)));
        accept(big, new MethodFrame(1, PUBLISH));
        accept(big, header(60, 100L * 1024 * 1024));
        accept(big, body("x"));
        assertTrue(alloc.largestInitialCapacity <= ContentAggregator.MIN_BODY_CAPACITY,
                "largest allocation " + alloc.largestInitialCapacity);
        big.reset();
    }

    @Test
    void aBodyOfManyFramesGrowsToExactlyItsContent() {
        RecordingAllocator alloc = new RecordingAllocator();
        ContentAggregator big = new ContentAggregator(alloc, 1 << 20,
                (method, properties, body) -> completed.add(new Command(method, properties, body)));
        accept(big, new MethodFrame(1, PUBLISH));
        accept(big, header(60, 10_000));
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            String part = String.valueOf((char) ('a' + i)).repeat(2_500);
            expected.append(part);
            Command c = accept(big, body(part));
            if (i < 3) {
                assertNull(c);
            } else {
                assertEquals(expected.toString(), c.body().toString(StandardCharsets.US_ASCII));
                assertTrue(c.body().capacity() <= 10_000, "capacity " + c.body().capacity());
                c.release();
            }
        }
    }

    /** Records the initial capacities asked for (why: the one observable of "not allocated up front"). */
    private static final class RecordingAllocator extends io.netty.buffer.AbstractByteBufAllocator {
        int largestInitialCapacity;

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            largestInitialCapacity = Math.max(largestInitialCapacity, initialCapacity);
            return new io.netty.buffer.UnpooledHeapByteBuf(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT,
                    initialCapacity, maxCapacity);
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return newHeapBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }
    }

    @Test
    void resetReleasesPartialContent() {
        accept(new MethodFrame(1, PUBLISH));
        accept(header(60, 10));
        accept(body("12345"));
        aggregator.reset(); // the paranoid leak detector reports the buffers if this leaked them
        assertEquals(ContentAggregator.State.EXPECTING_METHOD, aggregator.state());
        aggregator.reset();
    }

    @Test
    void contentIsCopiedOutOfTheGivenRegionLeavingTheInputAlone() {
        ByteBuf in = Unpooled.buffer();
        in.writeBytes(new byte[] {9, 9});
        PROPS.write(in);
        int propertiesEnd = in.writerIndex();
        in.writeBytes("abc".getBytes(StandardCharsets.US_ASCII)).writeByte(9);
        aggregator.onMethod(PUBLISH);
        aggregator.onHeader(60, 3, in, 2, propertiesEnd - 2);
        aggregator.onBody(in, propertiesEnd, 3);
        Command c = completed.poll();
        assertEquals(PROPS, BasicProperties.read(c.properties().duplicate()));
        assertEquals("abc", c.body().toString(StandardCharsets.US_ASCII));
        assertEquals(0, in.readerIndex());
        assertEquals(propertiesEnd + 4, in.writerIndex());
        in.setByte(propertiesEnd, 'x'); // the command does not share the input's memory
        assertEquals("abc", c.body().toString(StandardCharsets.US_ASCII));
        c.release();
        in.release();
    }

    private static AmqpException assertCode(ReplyCode code, org.junit.jupiter.api.function.Executable call) {
        AmqpException e = assertThrows(AmqpException.class, call);
        assertEquals(code, e.code(), e.text());
        return e;
    }
}
