package io.warrenmq.codec;

import io.netty.buffer.ByteBuf;
import io.warrenmq.codec.method.Method;
import io.warrenmq.codec.types.BasicProperties;
import io.warrenmq.codec.types.MethodWriter;

/**
 * Writes frames straight into an outbound buffer: the server's hot path (basic.deliver + header + body).
 *
 * <p>// why: sizes of method and header frames are written as a placeholder and back-filled, so no
 * temporary buffer is needed; body bytes are copied once from the stored message. If encoding fails
 * half-way (a string too long for a shortstr) the buffer's writer index is rolled back to where the frame
 * started, so the buffer never holds a partial frame. Spec 4.2.3 "General Frame Format".
 *
 * <p>Thread-safety: stateless static methods; the buffers passed in are not thread-safe.
 */
public final class FrameWriter {
    private FrameWriter() {
    }

    /** Writes a method frame. */
    public static void writeMethod(ByteBuf out, int channel, Method m) {
        int start = out.writerIndex();
        try {
            out.writeByte(Frame.FRAME_METHOD);
            out.writeShort(channel);
            int sizeIndex = out.writerIndex();
            out.writeInt(0);
            out.writeShort(m.classId());
            out.writeShort(m.methodId());
            m.write(new MethodWriter(out));
            out.setInt(sizeIndex, out.writerIndex() - sizeIndex - 4);
            out.writeByte(Frame.FRAME_END);
        } catch (RuntimeException e) {
            out.writerIndex(start);
            throw e;
        }
    }

    /**
     * Writes a content header frame around already-encoded properties (flags word(s) and property list).
     * {@code rawProperties} is not consumed or released; its readable bytes are copied.
     */
    public static void writeHeader(ByteBuf out, int channel, int classId, long bodySize, ByteBuf rawProperties) {
        int length = rawProperties.readableBytes();
        out.writeByte(Frame.FRAME_HEADER);
        out.writeShort(channel);
        out.writeInt(12 + length);
        out.writeShort(classId);
        out.writeShort(0); // spec 4.2.6: weight "must be zero"
        out.writeLong(bodySize);
        out.writeBytes(rawProperties, rawProperties.readerIndex(), length);
        out.writeByte(Frame.FRAME_END);
    }

    /** Writes a content header frame, encoding {@code props}. */
    public static void writeHeader(ByteBuf out, int channel, int classId, long bodySize, BasicProperties props) {
        int start = out.writerIndex();
        try {
            out.writeByte(Frame.FRAME_HEADER);
            out.writeShort(channel);
            int sizeIndex = out.writerIndex();
            out.writeInt(0);
            out.writeShort(classId);
            out.writeShort(0); // spec 4.2.6: weight "must be zero"
            out.writeLong(bodySize);
            props.write(out);
            out.setInt(sizeIndex, out.writerIndex() - sizeIndex - 4);
            out.writeByte(Frame.FRAME_END);
        } catch (RuntimeException e) {
            out.writerIndex(start);
            throw e;
        }
    }

    /**
     * Writes one body frame holding {@code length} bytes of {@code payload} starting at absolute index
     * {@code offset}; {@code payload}'s indexes are not changed. The caller splits bodies to frame-max.
     */
    public static void writeBody(ByteBuf out, int channel, ByteBuf payload, int offset, int length) {
        out.writeByte(Frame.FRAME_BODY);
        out.writeShort(channel);
        out.writeInt(length);
        out.writeBytes(payload, offset, length);
        out.writeByte(Frame.FRAME_END);
    }

    /** Writes a heartbeat frame (channel 0, empty payload). */
    public static void writeHeartbeat(ByteBuf out) {
        out.writeByte(Frame.FRAME_HEARTBEAT);
        out.writeShort(0);
        out.writeInt(0);
        out.writeByte(Frame.FRAME_END);
    }
}
