package io.warrenmq.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Encodes {@link Frame} objects for simple writes and tests; the hot path uses {@link FrameWriter}.
 *
 * <p>Ownership: writing a {@link HeaderFrame} or {@link BodyFrame} hands its buffer to the encoder,
 * which releases it after copying (as Netty does for any written ByteBuf). Spec 4.2.3.
 *
 * <p>Thread-safety: stateless and {@link ChannelHandler.Sharable}.
 */
@ChannelHandler.Sharable
public final class FrameEncoder extends MessageToByteEncoder<Frame> {

    public FrameEncoder() {
        super(Frame.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame frame, ByteBuf out) {
        if (frame instanceof MethodFrame m) {
            FrameWriter.writeMethod(out, m.channel(), m.method());
        } else if (frame instanceof BodyFrame b) {
            try {
                ByteBuf p = b.payload();
                FrameWriter.writeBody(out, b.channel(), p, p.readerIndex(), p.readableBytes());
            } finally {
                b.release();
            }
        } else if (frame instanceof HeaderFrame h) {
            try {
                FrameWriter.writeHeader(out, h.channel(), h.classId(), h.bodySize(), h.rawProperties());
            } finally {
                h.release();
            }
        } else if (frame instanceof HeartbeatFrame) {
            FrameWriter.writeHeartbeat(out);
        }
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Frame frame, boolean preferDirect) {
        // why: size body/header frames exactly so large bodies are not copied through growing buffers
        int size = 256;
        if (frame instanceof BodyFrame b) {
            size = b.payload().readableBytes() + Frame.FRAME_OVERHEAD;
        } else if (frame instanceof HeaderFrame h) {
            size = h.rawProperties().readableBytes() + 12 + Frame.FRAME_OVERHEAD;
        }
        return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
    }
}
