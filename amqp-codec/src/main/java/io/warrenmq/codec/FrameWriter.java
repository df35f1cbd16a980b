package io.warrenmq.codec;

import io.netty.buffer.ByteBuf;
import io.warrenmq.codec.method.BasicMethod;
import io.warrenmq.codec.method.Method;
import io.warrenmq.codec.types.BasicProperties;
import io.warrenmq.codec.types.EncodedShortStrings;
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
        writeMethod(out, channel, m, null);
    }

    /** Writes a method frame, its shortstrs through {@code strings} (may be null). */
    public static void writeMethod(ByteBuf out, int channel, Method m, EncodedShortStrings strings) {
        int start = out.writerIndex();
        try {
            int sizeIndex = beginMethod(out, channel, m.classId(), m.methodId());
            m.write(new MethodWriter(out, strings));
            endFrame(out, sizeIndex);
        } catch (RuntimeException e) {
            out.writerIndex(start);
            throw e;
        }
    }

    /**
     * Writes a {@code basic.deliver} method frame from its fields, as {@link #writeMethod} writes a
     * {@link BasicMethod.Deliver} (why: no record per delivery).
     */
    public static void writeDeliver(ByteBuf out, int channel, String consumerTag, long deliveryTag,
            boolean redelivered, String exchange, String routingKey, EncodedShortStrings strings) {
        writeDeliver(out, channel, consumerTag, deliveryTag, redelivered, exchange, routingKey,
                new MethodWriter(out, strings));
    }

    /**
     * As above, through {@code writer} (re-pointed at {@code out}): the broker keeps one per connection.
     * why: with a writer per call the delivery path was allocation-free only while escape analysis
     * removed it, and that depended on how much else C2 inlined around it (docs/benchmarks.md, "Cost of
     * the broker clock").
     */
    public static void writeDeliver(ByteBuf out, int channel, String consumerTag, long deliveryTag,
            boolean redelivered, String exchange, String routingKey, MethodWriter writer) {
        int start = out.writerIndex();
        try {
            int sizeIndex = beginMethod(out, channel, BasicMethod.CLASS_ID, BasicMethod.Deliver.METHOD_ID);
            BasicMethod.Deliver.writeFields(writer.writeTo(out), consumerTag, deliveryTag, redelivered,
                    exchange, routingKey);
            endFrame(out, sizeIndex);
        } catch (RuntimeException e) {
            out.writerIndex(start);
            throw e;
        }
    }

    /** Writes a method frame's header and ids; returns where its size goes. */
    private static int beginMethod(ByteBuf out, int channel, int classId, int methodId) {
        out.writeByte(Frame.FRAME_METHOD);
        out.writeShort(channel);
        int sizeIndex = out.writerIndex();
        out.writeInt(0);
        out.writeShort(classId);
        out.writeShort(methodId);
        return sizeIndex;
    }

    /** Back-fills the size of the frame whose size field is at {@code sizeIndex} and ends it. */
    private static void endFrame(ByteBuf out, int sizeIndex) {
        out.setInt(sizeIndex, out.writerIndex() - sizeIndex - 4);
        out.writeByte(Frame.FRAME_END);
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
            endFrame(out, sizeIndex);
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
