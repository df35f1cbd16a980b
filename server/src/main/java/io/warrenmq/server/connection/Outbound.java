package io.warrenmq.server.connection;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.warrenmq.codec.FrameWriter;
import io.warrenmq.codec.method.BasicMethod;
import io.warrenmq.codec.method.Method;
import io.warrenmq.codec.types.EncodedShortStrings;

/**
 * Batches everything one connection writes into few large buffers, flushed once per batch.
 *
 * <p>why: a delivery is three frames of a few dozen bytes each; writing them one by one would
 * cost a buffer and a pipeline traversal per frame and a syscall per flush. Frames are appended
 * to one pooled buffer that is handed to Netty when it grows past {@link #CHUNK} or at
 * {@link #flush()}. Bodies above {@link #COPY_LIMIT} are passed as retained slices instead of
 * copied. Deliveries are written from their fields, and shortstrs written before (the consumer tag, the
 * exchange and routing key) are copied from {@link EncodedShortStrings} rather than encoded again.
 *
 * <p>Thread-safety: confined to the connection's event loop.
 */
public final class Outbound {
    private static final int CHUNK = 64 * 1024;
    private static final int COPY_LIMIT = 64 * 1024;

    private final ChannelHandlerContext ctx;
    private final EncodedShortStrings strings = new EncodedShortStrings();
    /** Writes every basic.deliver's fields (re-pointed at the current buffer each time). */
    private final io.warrenmq.codec.types.MethodWriter deliverWriter =
            new io.warrenmq.codec.types.MethodWriter(null, strings);
    private ByteBuf buffer;
    private int frameMax;
    private boolean dirty;

    public Outbound(ChannelHandlerContext ctx, int frameMax) {
        this.ctx = ctx;
        this.frameMax = frameMax;
    }

    public void frameMax(int frameMax) {
        this.frameMax = frameMax;
    }

    private ByteBuf buffer() {
        if (buffer == null) {
            buffer = ctx.alloc().ioBuffer(4096);
        }
        return buffer;
    }

    private void maybeHandOff() {
        if (buffer != null && buffer.readableBytes() >= CHUNK) {
            handOff();
        }
    }

    private void handOff() {
        if (buffer != null) {
            ctx.write(buffer, ctx.voidPromise());
            buffer = null;
            dirty = true;
        }
    }

    public void method(int channel, Method method) {
        FrameWriter.writeMethod(buffer(), channel, method, strings);
        maybeHandOff();
    }

    public void heartbeat() {
        FrameWriter.writeHeartbeat(buffer());
    }

    /**
     * A method with content (get-ok, return): the method frame, the content header with the
     * publisher's raw properties, and the body split into frames of at most frame-max.
     * Does not take ownership of {@code properties} or {@code body}.
     */
    public void content(int channel, Method method, ByteBuf properties, ByteBuf body) {
        FrameWriter.writeMethod(buffer(), channel, method, strings);
        contentFrames(channel, method.classId(), properties, body);
    }

    /** A {@code basic.deliver} with its content, as {@link #content} writes it; written from the fields. */
    public void deliver(int channel, String consumerTag, long deliveryTag, boolean redelivered, String exchange,
            String routingKey, ByteBuf properties, ByteBuf body) {
        FrameWriter.writeDeliver(buffer(), channel, consumerTag, deliveryTag, redelivered, exchange, routingKey,
                deliverWriter);
        contentFrames(channel, BasicMethod.CLASS_ID, properties, body);
    }

    /** The content header and body frames after a method frame. */
    private void contentFrames(int channel, int classId, ByteBuf properties, ByteBuf body) {
        ByteBuf out = buffer();
        int size = body.readableBytes();
        FrameWriter.writeHeader(out, channel, classId, size, properties);
        int maxPayload = frameMax == 0 ? Integer.MAX_VALUE : frameMax - 8;
        int offset = body.readerIndex();
        int end = offset + size;
        if (size <= COPY_LIMIT) {
            while (offset < end) {
                int n = Math.min(maxPayload, end - offset);
                FrameWriter.writeBody(out, channel, body, offset, n);
                offset += n;
            }
            maybeHandOff();
            return;
        }
        while (offset < end) {
            int n = Math.min(maxPayload, end - offset);
            ByteBuf head = buffer();
            head.writeByte(3).writeShort(channel).writeInt(n);
            handOff();
            ctx.write(body.retainedSlice(offset, n), ctx.voidPromise());
            buffer().writeByte(0xCE);
            offset += n;
        }
        maybeHandOff();
    }

    /** Hands everything batched so far to the socket. */
    public void flush() {
        if (buffer != null && buffer.isReadable()) {
            handOff();
        }
        if (dirty) {
            dirty = false;
            ctx.flush();
        }
    }

    /** Writes everything batched, then closes the socket once it is written. */
    public void flushThenClose() {
        ByteBuf last = buffer != null ? buffer : io.netty.buffer.Unpooled.EMPTY_BUFFER;
        buffer = null;
        dirty = false;
        ctx.writeAndFlush(last).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
    }

    /** Drops anything not yet written (the connection is going away). */
    public void discard() {
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
    }
}
