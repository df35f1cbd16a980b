package io.warrenmq.codec;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import io.warrenmq.codec.method.Method;
import io.warrenmq.codec.types.BasicProperties;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: encode frames to bytes, feed bytes to a decoder, collect frames or the error. */
public final class Wire {
    private Wire() {
    }

    public static byte[] method(int channel, Method m) {
        ByteBuf out = Unpooled.buffer();
        FrameWriter.writeMethod(out, channel, m);
        return drain(out);
    }

    public static byte[] header(int channel, long bodySize, BasicProperties props) {
        ByteBuf out = Unpooled.buffer();
        FrameWriter.writeHeader(out, channel, 60, bodySize, props);
        return drain(out);
    }

    public static byte[] body(int channel, byte[] payload) {
        ByteBuf out = Unpooled.buffer();
        ByteBuf p = Unpooled.wrappedBuffer(payload);
        FrameWriter.writeBody(out, channel, p, 0, payload.length);
        return drain(out);
    }

    public static byte[] heartbeat() {
        ByteBuf out = Unpooled.buffer();
        FrameWriter.writeHeartbeat(out);
        return drain(out);
    }

    /** A raw frame with an arbitrary type, channel, payload and end octet. */
    public static byte[] raw(int type, int channel, byte[] payload, int end) {
        ByteBuf out = Unpooled.buffer();
        out.writeByte(type).writeShort(channel).writeInt(payload.length).writeBytes(payload).writeByte(end);
        return drain(out);
    }

    public static byte[] concat(byte[]... parts) {
        ByteBuf out = Unpooled.buffer();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return drain(out);
    }

    /** Feeds {@code bytes} in one write and returns everything decoded. */
    public static List<Object> decode(EmbeddedChannel ch, byte[] bytes) {
        ch.writeInbound(Unpooled.wrappedBuffer(bytes));
        return readAll(ch);
    }

    public static List<Object> readAll(EmbeddedChannel ch) {
        List<Object> frames = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            frames.add(o);
        }
        return frames;
    }

    /** Feeds {@code bytes} and expects the decoder to fail with an AmqpException. */
    public static AmqpException decodeError(EmbeddedChannel ch, byte[] bytes) {
        DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(Unpooled.wrappedBuffer(bytes)));
        return assertInstanceOf(AmqpException.class, e.getCause());
    }

    /** Copies a frame's buffers into comparable values and releases it. */
    public static Object snapshot(Object frame) {
        if (frame instanceof BodyFrame b) {
            String s = "body ch" + b.channel() + " " + ByteBufUtil.hexDump(b.payload());
            b.release();
            return s;
        }
        if (frame instanceof HeaderFrame h) {
            String s = "header ch" + h.channel() + " class " + h.classId() + " size " + h.bodySize() + " "
                    + ByteBufUtil.hexDump(h.rawProperties());
            h.release();
            return s;
        }
        ReferenceCountUtil.release(frame);
        return frame;
    }

    private static byte[] drain(ByteBuf out) {
        byte[] bytes = ByteBufUtil.getBytes(out);
        out.release();
        return bytes;
    }
}
