package io.warrenmq.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.warrenmq.codec.method.BasicMethod;
import io.warrenmq.codec.method.ChannelMethod;
import io.warrenmq.codec.method.Method;
import io.warrenmq.codec.types.BasicProperties;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
    private static final byte[] STREAM = Wire.concat(
            Wire.method(1, new ChannelMethod.Open("")),
            Wire.method(1, new BasicMethod.Publish("ex", "rk", true, false)),
            Wire.header(1, 5, BasicPropertiesHolder.PROPS),
            Wire.body(1, "he".getBytes()),
            Wire.body(1, "llo".getBytes()),
            Wire.heartbeat(),
            Wire.method(1, new BasicMethod.Ack(9, true)));

    /** Keeps the sample properties in one place. */
    static final class BasicPropertiesHolder {
        static final BasicProperties PROPS = BasicProperties.EMPTY.withDeliveryMode(2).withExpiration("100");
    }

    private static List<Object> snapshots(List<Object> frames) {
        List<Object> out = new ArrayList<>();
        for (Object f : frames) {
            out.add(Wire.snapshot(f));
        }
        return out;
    }

    private static List<Object> decodeWhole() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(Frame.FRAME_MIN_SIZE));
        List<Object> frames = snapshots(Wire.decode(ch, STREAM));
        assertFalse(ch.finish());
        return frames;
    }

    @Test
    void decodesMethodHeaderBodyAndHeartbeatFrames() {
        List<Object> frames = decodeWhole();
        assertEquals(7, frames.size());
        assertEquals(new MethodFrame(1, new BasicMethod.Publish("ex", "rk", true, false)), frames.get(1));
        assertEquals("body ch1 " + io.netty.buffer.ByteBufUtil.hexDump("he".getBytes()), frames.get(3));
        assertEquals(HeartbeatFrame.INSTANCE, frames.get(5));
    }

    @Test
    void headerFrameKeepsRawPropertiesAndDecodesThemOnDemand() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(0));
        List<Object> frames = Wire.decode(ch, Wire.header(3, 42, BasicPropertiesHolder.PROPS));
        HeaderFrame h = assertInstanceOf(HeaderFrame.class, frames.get(0));
        assertEquals(3, h.channel());
        assertEquals(60, h.classId());
        assertEquals(42, h.bodySize());
        assertEquals(BasicPropertiesHolder.PROPS, h.properties());
        assertEquals(BasicPropertiesHolder.PROPS, h.properties()); // reader index untouched
        h.release();
        assertFalse(ch.finish());
    }

    @Test
    void feedingByteByByteGivesTheSameFrames() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(Frame.FRAME_MIN_SIZE));
        List<Object> frames = new ArrayList<>();
        for (byte b : STREAM) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
            frames.addAll(snapshots(Wire.readAll(ch)));
        }
        assertEquals(decodeWhole(), frames);
        assertFalse(ch.finish());
    }

    @Test
    void splittingIntoTwoWritesAtEveryOffsetGivesTheSameFrames() {
        List<Object> expected = decodeWhole();
        for (int split = 0; split <= STREAM.length; split++) {
            EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(Frame.FRAME_MIN_SIZE));
            List<Object> frames = new ArrayList<>(snapshots(Wire.decode(ch, Arrays.copyOfRange(STREAM, 0, split))));
            frames.addAll(snapshots(Wire.decode(ch, Arrays.copyOfRange(STREAM, split, STREAM.length))));
            assertEquals(expected, frames, "split at " + split);
            assertFalse(ch.finish());
        }
    }

    @Test
    void oversizedFrameIsRejectedFromItsSevenOctetHeaderAlone() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(4096));
        byte[] header = {3, 0, 1, 0, 0, 0x10, 0x01}; // body frame, size 4097 > 4096 (frame-max incl. fudge)
        AmqpException e = Wire.decodeError(ch, header);
        assertEquals(ReplyCode.FRAME_ERROR, e.code());
        assertTrue(e.text().contains("frame_too_large"), e.text());
        assertFalse(ch.finish());
    }

    @Test
    void frameMaxAppliesToPayloadPlusOverheadWithRabbitMqsEightOctetFudge() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(4096));
        // payload 4096 = frame-max - 8 + fudge 8: accepted, like RabbitMQ
        List<Object> frames = Wire.decode(ch, Wire.body(1, new byte[4096]));
        assertEquals(1, frames.size());
        Wire.snapshot(frames.get(0));
        ch.pipeline().get(FrameDecoder.class).maxFrameSize(1024);
        assertEquals(ReplyCode.FRAME_ERROR, Wire.decodeError(ch, Wire.body(1, new byte[1025])).code());
        assertFalse(ch.finish());
    }

    @Test
    void zeroMaxFrameSizeMeansTheHardCap() {
        FrameDecoder d = new FrameDecoder(0);
        assertEquals(FrameDecoder.HARD_MAX_FRAME_SIZE, d.maxFrameSize());
        EmbeddedChannel ch = new EmbeddedChannel(d);
        byte[] header = {3, 0, 1, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertEquals(ReplyCode.FRAME_ERROR, Wire.decodeError(ch, header).code());
        assertFalse(ch.finish());
    }

    @Test
    void badFrameEndOctetIsAFrameError() {
        byte[] frame = Wire.heartbeat();
        frame[frame.length - 1] = 0;
        assertError(ReplyCode.FRAME_ERROR, frame);
    }

    @Test
    void unknownFrameTypeIsAFrameErrorAsInRabbitMq() {
        AmqpException e = assertError(ReplyCode.FRAME_ERROR, Wire.raw(5, 0, new byte[] {1, 2}, Frame.FRAME_END));
        assertTrue(e.text().contains("unknown_frame"), e.text());
    }

    @Test
    void heartbeatOnANonZeroChannelIsAnUnexpectedFrame() {
        assertError(ReplyCode.UNEXPECTED_FRAME, Wire.raw(Frame.FRAME_HEARTBEAT, 1, new byte[0], Frame.FRAME_END));
    }

    @Test
    void heartbeatWithAPayloadIsAFrameError() {
        assertError(ReplyCode.FRAME_ERROR, Wire.raw(Frame.FRAME_HEARTBEAT, 0, new byte[] {1}, Frame.FRAME_END));
    }

    @Test
    void contentFramesOnChannelZeroAreUnexpected() {
        assertError(ReplyCode.UNEXPECTED_FRAME, Wire.body(0, new byte[] {1}));
        assertError(ReplyCode.UNEXPECTED_FRAME, Wire.header(0, 1, BasicProperties.EMPTY));
    }

    @Test
    void headerWithNonZeroWeightIsUnexpected() {
        byte[] frame = Wire.header(1, 1, BasicProperties.EMPTY);
        frame[10] = 1; // weight low octet
        assertError(ReplyCode.UNEXPECTED_FRAME, frame);
    }

    @Test
    void malformedPropertyListIsASyntaxErrorAtDecodeTime() {
        byte[] frame = Wire.header(1, 1, BasicProperties.EMPTY.withExpiration("1"));
        frame[21] = 50; // expiration shortstr length past the payload
        assertError(ReplyCode.SYNTAX_ERROR, frame);
    }

    @Test
    void unknownMethodIsNotImplementedAndCarriesTheIds() {
        AmqpException e = assertError(ReplyCode.NOT_IMPLEMENTED,
                Wire.raw(Frame.FRAME_METHOD, 1, new byte[] {0, 60, 0, 99}, Frame.FRAME_END));
        assertEquals(60, e.classId());
        assertEquals(99, e.methodId());
    }

    @Test
    void truncatedMethodIsASyntaxError() {
        byte[] full = Wire.method(1, new BasicMethod.Ack(5, true));
        byte[] payload = Arrays.copyOfRange(full, 7, full.length - 3); // drop last 2 field octets
        AmqpException e = assertError(ReplyCode.SYNTAX_ERROR, Wire.raw(1, 1, payload, Frame.FRAME_END));
        assertEquals(60, e.classId());
        assertEquals(80, e.methodId());
    }

    @Test
    void methodPayloadTooShortForIdsIsAFrameError() {
        assertError(ReplyCode.FRAME_ERROR, Wire.raw(Frame.FRAME_METHOD, 1, new byte[] {0, 60}, Frame.FRAME_END));
    }

    @Test
    void shortStringRunningPastThePayloadIsASyntaxError() {
        // basic.publish: ticket, exchange shortstr claiming 200 octets, nothing else
        byte[] payload = {0, 60, 0, 40, 0, 0, (byte) 200, 'e', 'x'};
        assertError(ReplyCode.SYNTAX_ERROR, Wire.raw(Frame.FRAME_METHOD, 1, payload, Frame.FRAME_END));
    }

    @Test
    void trailingOctetsAfterTheMethodFieldsAreASyntaxErrorAsInRabbitMq() {
        byte[] full = Wire.method(1, new BasicMethod.Ack(5, true));
        byte[] payload = Arrays.copyOf(Arrays.copyOfRange(full, 7, full.length - 1), full.length - 8 + 1);
        assertError(ReplyCode.SYNTAX_ERROR, Wire.raw(1, 1, payload, Frame.FRAME_END));
    }

    @Test
    void afterAnErrorAllFurtherInputIsDiscarded() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(Frame.FRAME_MIN_SIZE));
        Wire.decodeError(ch, Wire.concat(Wire.raw(9, 0, new byte[0], Frame.FRAME_END), Wire.heartbeat()));
        assertTrue(Wire.decode(ch, STREAM).isEmpty());
        assertFalse(ch.finish());
    }

    /** The error in record mode; listener mode must fail the same way, having reported nothing. */
    private static AmqpException assertError(ReplyCode code, byte[] bytes) {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(Frame.FRAME_MIN_SIZE));
        AmqpException e = Wire.decodeError(ch, bytes);
        assertEquals(code, e.code(), e.text());
        assertTrue(e.text().startsWith(code.name() + " - "), e.text());
        assertFalse(ch.finish());
        Recorder recorder = new Recorder();
        EmbeddedChannel listened = new EmbeddedChannel(new FrameDecoder(Frame.FRAME_MIN_SIZE, recorder));
        AmqpException same = Wire.decodeError(listened, bytes);
        assertEquals(e.text(), same.text());
        assertEquals(e.classId(), same.classId());
        assertEquals(e.methodId(), same.methodId());
        assertTrue(recorder.frames.isEmpty(), recorder.frames.toString());
        assertFalse(listened.finish());
        return e;
    }

    // ---- Listener mode (the broker's) ---------------------------------------------------------

    /** Records what a listener-mode decoder reports, in the form {@link Wire#snapshot} gives records. */
    static final class Recorder implements FrameListener {
        final List<Object> frames = new ArrayList<>();

        @Override
        public void onMethod(int channel, Method method) {
            frames.add(new MethodFrame(channel, method));
        }

        @Override
        public void onHeader(int channel, int classId, long bodySize, ByteBuf in, int index, int length) {
            frames.add("header ch" + channel + " class " + classId + " size " + bodySize + " "
                    + ByteBufUtil.hexDump(in, index, length));
        }

        @Override
        public void onBody(int channel, ByteBuf in, int index, int length) {
            frames.add("body ch" + channel + " " + ByteBufUtil.hexDump(in, index, length));
        }

        @Override
        public void onHeartbeat() {
            frames.add(HeartbeatFrame.INSTANCE);
        }
    }

    @Test
    void listenerModeReportsWhatRecordModeEmitsAndPassesNothingOn() {
        Recorder recorder = new Recorder();
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(Frame.FRAME_MIN_SIZE, recorder));
        assertTrue(Wire.decode(ch, STREAM).isEmpty());
        assertEquals(decodeWhole(), recorder.frames);
        assertFalse(ch.finish());
    }

    @Test
    void listenerModeGivesTheSameFramesWhateverTheSplit() {
        List<Object> expected = decodeWhole();
        for (int split = 0; split <= STREAM.length; split++) {
            Recorder recorder = new Recorder();
            EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(Frame.FRAME_MIN_SIZE, recorder));
            Wire.decode(ch, Arrays.copyOfRange(STREAM, 0, split));
            Wire.decode(ch, Arrays.copyOfRange(STREAM, split, STREAM.length));
            assertEquals(expected, recorder.frames, "split at " + split);
            assertFalse(ch.finish());
        }
        Recorder recorder = new Recorder();
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(Frame.FRAME_MIN_SIZE, recorder));
        for (byte b : STREAM) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertEquals(expected, recorder.frames);
        assertFalse(ch.finish());
    }

    @Test
    void octetsAfterThePropertyListAreNotPartOfTheReportedProperties() {
        byte[] header = Wire.header(1, 3, BasicPropertiesHolder.PROPS);
        byte[] payload = Arrays.copyOfRange(header, 7, header.length - 1);
        byte[] padded = Wire.raw(Frame.FRAME_HEADER, 1, Arrays.copyOf(payload, payload.length + 2), Frame.FRAME_END);
        Recorder recorder = new Recorder();
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(0, recorder));
        Wire.decode(ch, padded);
        assertEquals(snapshots(Wire.decode(new EmbeddedChannel(new FrameDecoder(0)), header)), recorder.frames);
        assertFalse(ch.finish());
    }

    /**
     * ByteToMessageDecoder asks for another read when nothing was passed on while autoRead is off; in
     * listener mode nothing ever is, and the broker turns autoRead off precisely to stop reading.
     */
    @Test
    void listenerModeDoesNotReadOnWhileAutoReadIsOff() {
        AtomicInteger reads = new AtomicInteger();
        byte[] partial = Arrays.copyOf(STREAM, 10);

        EmbeddedChannel listened = new EmbeddedChannel(readCounter(reads), new FrameDecoder(0, new Recorder()));
        listened.config().setAutoRead(false);
        reads.set(0);
        listened.writeInbound(Unpooled.wrappedBuffer(partial));
        assertEquals(0, reads.get());
        listened.finishAndReleaseAll();

        // what record mode does, for contrast
        EmbeddedChannel recorded = new EmbeddedChannel(readCounter(reads), new FrameDecoder(0));
        recorded.config().setAutoRead(false);
        reads.set(0);
        recorded.writeInbound(Unpooled.wrappedBuffer(partial));
        assertEquals(1, reads.get());
        recorded.finishAndReleaseAll();
    }

    private static ChannelOutboundHandlerAdapter readCounter(AtomicInteger reads) {
        return new ChannelOutboundHandlerAdapter() {
            @Override
            public void read(ChannelHandlerContext ctx) {
                reads.incrementAndGet();
                ctx.read();
            }
        };
    }
}
