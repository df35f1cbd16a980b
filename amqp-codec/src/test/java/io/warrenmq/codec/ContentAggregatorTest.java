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
import org.junit.jupiter.api.Test;

class ContentAggregatorTest {
    private static final BasicMethod.Publish PUBLISH = new BasicMethod.Publish("ex", "rk", false, false);
    private static final BasicProperties PROPS = BasicProperties.EMPTY.withDeliveryMode(2);

    private final ContentAggregator aggregator = new ContentAggregator(PooledByteBufAllocator.DEFAULT, 1024);

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
        Command c = aggregator.accept(new MethodFrame(1, declare));
        assertSame(declare, c.method());
        assertNull(c.header());
        assertNull(c.body());
    }

    @Test
    void publishHeaderAndBodiesAreAssembledIntoOneBuffer() {
        assertNull(aggregator.accept(new MethodFrame(1, PUBLISH)));
        assertEquals(ContentAggregator.State.EXPECTING_HEADER, aggregator.state());
        HeaderFrame h = header(60, 11);
        assertNull(aggregator.accept(h));
        assertEquals(0, h.rawProperties().refCnt(), "header frame released after copying");
        BodyFrame b1 = body("hello ");
        assertNull(aggregator.accept(b1));
        assertEquals(0, b1.payload().refCnt(), "body frame released after copying");
        Command c = aggregator.accept(body("world"));
        assertEquals(PUBLISH, c.method());
        assertEquals(PROPS, c.header().properties());
        assertEquals(11, c.header().bodySize());
        assertEquals("hello world", c.body().toString(StandardCharsets.UTF_8));
        assertEquals(11, c.body().capacity());
        assertEquals(ContentAggregator.State.EXPECTING_METHOD, aggregator.state());
        c.release();
    }

    @Test
    void zeroLengthBodyCompletesRightAfterTheHeader() {
        aggregator.accept(new MethodFrame(1, PUBLISH));
        Command c = aggregator.accept(header(60, 0));
        assertEquals(0, c.body().readableBytes());
        c.release();
        assertEquals(ContentAggregator.State.EXPECTING_METHOD, aggregator.state());
    }

    @Test
    void contentFrameWithoutAMethodIsUnexpected() {
        BodyFrame b = body("x");
        assertCode(ReplyCode.UNEXPECTED_FRAME, () -> aggregator.accept(b));
        assertEquals(0, b.payload().refCnt());
        assertCode(ReplyCode.UNEXPECTED_FRAME, () -> aggregator.accept(header(60, 1)));
    }

    @Test
    void methodWhileHeaderExpectedIsUnexpected() {
        aggregator.accept(new MethodFrame(1, PUBLISH));
        AmqpException e = assertCode(ReplyCode.UNEXPECTED_FRAME, () -> aggregator.accept(new MethodFrame(1, PUBLISH)));
        assertEquals(60, e.classId());
        assertEquals(40, e.methodId());
        assertEquals(ContentAggregator.State.EXPECTING_METHOD, aggregator.state());
    }

    @Test
    void methodWhileBodyExpectedIsUnexpectedAndReleasesPartialContent() {
        aggregator.accept(new MethodFrame(1, PUBLISH));
        aggregator.accept(header(60, 10));
        aggregator.accept(body("12345"));
        assertCode(ReplyCode.UNEXPECTED_FRAME, () -> aggregator.accept(new MethodFrame(1, PUBLISH)));
        assertEquals(ContentAggregator.State.EXPECTING_METHOD, aggregator.state());
    }

    @Test
    void headerForAnotherClassIsUnexpected() {
        aggregator.accept(new MethodFrame(1, PUBLISH));
        AmqpException e = assertCode(ReplyCode.UNEXPECTED_FRAME, () -> aggregator.accept(header(50, 1)));
        assertTrue(e.text().contains("expected content header for class 60, got one for class 50 instead"));
    }

    @Test
    void oversizedBodyIsAPreconditionFailedChannelErrorDecidedAtTheHeader() {
        aggregator.accept(new MethodFrame(1, PUBLISH));
        HeaderFrame h = header(60, 1025);
        AmqpException e = assertCode(ReplyCode.PRECONDITION_FAILED, () -> aggregator.accept(h));
        assertEquals("PRECONDITION_FAILED - message size 1025 is larger than configured max size 1024", e.text());
        assertFalse(e.isConnectionError());
        assertEquals(0, h.rawProperties().refCnt());
    }

    @Test
    void bodySizeBeyondTheAbsoluteMaximumIsAFrameError() {
        ContentAggregator big = new ContentAggregator(PooledByteBufAllocator.DEFAULT, Long.MAX_VALUE);
        big.accept(new MethodFrame(1, PUBLISH));
        assertCode(ReplyCode.FRAME_ERROR, () -> big.accept(header(60, -1L)));
    }

    @Test
    void bodyFramesBeyondTheDeclaredSizeAreAFrameError() {
        aggregator.accept(new MethodFrame(1, PUBLISH));
        aggregator.accept(header(60, 3));
        AmqpException e = assertCode(ReplyCode.FRAME_ERROR, () -> aggregator.accept(body("toolong")));
        assertTrue(e.text().contains("content body frame exceeds remaining content size"));
    }

    @Test
    void resetReleasesPartialContent() {
        aggregator.accept(new MethodFrame(1, PUBLISH));
        aggregator.accept(header(60, 10));
        aggregator.accept(body("12345"));
        aggregator.reset(); // the paranoid leak detector reports the buffers if this leaked them
        assertEquals(ContentAggregator.State.EXPECTING_METHOD, aggregator.state());
        aggregator.reset();
    }

    private static AmqpException assertCode(ReplyCode code, org.junit.jupiter.api.function.Executable call) {
        AmqpException e = assertThrows(AmqpException.class, call);
        assertEquals(code, e.code(), e.text());
        return e;
    }
}
