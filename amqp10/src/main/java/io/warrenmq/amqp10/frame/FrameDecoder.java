package io.warrenmq.amqp10.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.warrenmq.amqp10.codec.DecodeException;
import io.warrenmq.amqp10.codec.Performative;
import io.warrenmq.amqp10.codec.SaslFrame;
import java.util.List;

/**
 * Splits the byte stream into frames: size (4), data offset (1, in 4-byte words), type (0 AMQP,
 * 1 SASL), channel (2), extended header, body.
 *
 * <p>Bounded: a frame whose size exceeds {@link #maxFrameSize} is refused before any of it is
 * buffered, so the peer cannot make us hold more than one frame. Until open has been exchanged the
 * limit is the spec's 512 octets (MIN-MAX-FRAME-SIZE). The body is decoded within the frame only.
 *
 * <p>Thread-safety: one instance per connection, on its event loop.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    public static final int MIN_MAX_FRAME_SIZE = 512;
    public static final int TYPE_AMQP = 0;
    public static final int TYPE_SASL = 1;

    private int maxFrameSize = MIN_MAX_FRAME_SIZE;
    /** Set after SASL succeeds: the next 8 octets are a protocol header, not a frame. */
    private boolean expectHeader;
    /**
     * Set by the first error: the stream is out of sync, so what follows is discarded. // why: without it
     * the bytes left behind were decoded again when the channel closed (decodeLast) and failed a second
     * time (found by Amqp10FrameFuzzTest).
     */
    private boolean failed;

    public void expectHeader() {
        expectHeader = true;
    }

    /** Raises (or lowers) the largest frame accepted: our max-frame-size once open was sent. */
    public void maxFrameSize(int size) {
        maxFrameSize = size;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            decodeFrames(in, out);
        } catch (DecodeException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private void decodeFrames(ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 8) {
            if (expectHeader) {
                byte[] header = new byte[8];
                in.readBytes(header);
                expectHeader = false;
                out.add(new AmqpFrame.Header(header));
                continue;
            }
            int start = in.readerIndex();
            long size = in.getUnsignedInt(start);
            int doff = in.getUnsignedByte(start + 4);
            if (size > maxFrameSize) {
                throw new FrameException("frame of " + size + " bytes exceeds max-frame-size " + maxFrameSize);
            }
            if (size < 8 || doff < 2 || doff * 4L > size) {
                throw new FrameException("malformed frame header: size " + size + ", doff " + doff);
            }
            if (in.readableBytes() < size) {
                return;
            }
            int type = in.getUnsignedByte(start + 5);
            int channel = in.getUnsignedShort(start + 6);
            ByteBuf frame = in.slice(start + doff * 4, (int) size - doff * 4);
            in.skipBytes((int) size);
            out.add(decodeBody(type, channel, frame));
        }
    }

    private static AmqpFrame decodeBody(int type, int channel, ByteBuf body) {
        if (!body.isReadable()) {
            return AmqpFrame.Heartbeat.INSTANCE;
        }
        if (type == TYPE_SASL) {
            return new AmqpFrame.Sasl(SaslFrame.decode(body));
        }
        if (type != TYPE_AMQP) {
            throw new FrameException("unknown frame type " + type);
        }
        Performative p = Performative.decode(body);
        ByteBuf payload = body.isReadable() ? body.retainedSlice() : null;
        return new AmqpFrame.Amqp(channel, p, payload);
    }

    /** A frame that breaks the framing rules: the connection closes with a framing error. */
    public static final class FrameException extends DecodeException {
        public FrameException(String message) {
            super(message);
        }
    }
}
