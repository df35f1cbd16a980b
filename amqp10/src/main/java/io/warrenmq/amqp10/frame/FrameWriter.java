package io.warrenmq.amqp10.frame;

import io.netty.buffer.ByteBuf;
import io.warrenmq.amqp10.codec.Performative;
import io.warrenmq.amqp10.codec.SaslFrame;

/**
 * Writes frames: header with a data offset of 2 (no extended header), then the body; the size is
 * patched in once the body is written.
 *
 * <p>Thread-safety: stateless.
 */
public final class FrameWriter {
    private FrameWriter() {
    }

    public static void amqp(ByteBuf out, int channel, Performative p, ByteBuf payload, int payloadOffset, int length) {
        int start = header(out, FrameDecoder.TYPE_AMQP, channel);
        p.encode(out);
        if (payload != null && length > 0) {
            out.writeBytes(payload, payloadOffset, length);
        }
        out.setInt(start, out.writerIndex() - start);
    }

    public static void amqp(ByteBuf out, int channel, Performative p) {
        amqp(out, channel, p, null, 0, 0);
    }

    public static void sasl(ByteBuf out, SaslFrame f) {
        int start = header(out, FrameDecoder.TYPE_SASL, 0);
        SaslFrame.encode(out, f);
        out.setInt(start, out.writerIndex() - start);
    }

    public static void heartbeat(ByteBuf out) {
        out.writeInt(8).writeByte(2).writeByte(FrameDecoder.TYPE_AMQP).writeShort(0);
    }

    /** The performative's encoded size: how much of a frame a transfer leaves for payload. */
    public static int encodedSize(Performative p) {
        ByteBuf scratch = io.netty.buffer.Unpooled.buffer(64);
        try {
            p.encode(scratch);
            return scratch.readableBytes();
        } finally {
            scratch.release();
        }
    }

    private static int header(ByteBuf out, int type, int channel) {
        int start = out.writerIndex();
        out.writeInt(0).writeByte(2).writeByte(type).writeShort(channel);
        return start;
    }
}
