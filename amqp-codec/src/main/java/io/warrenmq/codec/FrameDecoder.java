package io.warrenmq.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.warrenmq.codec.method.Method;
import io.warrenmq.codec.method.Methods;
import io.warrenmq.codec.types.BasicProperties;
import java.util.List;

/**
 * Splits the inbound byte stream into {@link Frame}s and fully decodes method frames.
 *
 * <p>Layout: {@code type(1) channel(2) size(4) payload(size) frame-end(1)}. The declared size is checked
 * against the negotiated frame-max as soon as the 7-octet frame header is readable, before the payload
 * is awaited or anything is allocated. Errors are thrown as {@link AmqpException} (Netty wraps them in
 * {@code DecoderException}); after the first error the decoder is out of sync with the peer and discards
 * all further input (RabbitMQ: "we've lost sync with the client and hence must not accept any more
 * input", rabbit_reader:fatal_frame_error/5).
 *
 * <p>Reply codes, as RabbitMQ's rabbit_reader and rabbit_command_assembler send them:
 * <ul>
 *   <li>frame larger than frame-max, bad frame-end octet, unknown frame type, or a frame whose payload is
 *       too short for its type (method &lt; 4, header &lt; 14 incl. the flags word, heartbeat &gt; 0 octets): FRAME_ERROR 501;</li>
 *   <li>heartbeat on a non-zero channel, content header/body on channel 0, header weight &ne; 0:
 *       UNEXPECTED_FRAME 505;</li>
 *   <li>malformed method fields or property list: SYNTAX_ERROR 502; unknown method: NOT_IMPLEMENTED 540
 *       (see {@link Methods}).</li>
 * </ul>
 * Spec: 4.2.3 "General Frame Format", 2.3.5.1 "Method Frames".
 *
 * <p>Thread-safety: not thread-safe; one instance per connection, used on its event loop
 * ({@link #maxFrameSize(int)} must be called from that loop too).
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    /** Largest frame accepted whatever frame-max says (and when it is 0, "no limit"). */
    public static final int HARD_MAX_FRAME_SIZE = 128 * 1024 * 1024;
    /**
     * Extra octets tolerated beyond frame-max. // why: RabbitMQ's FRAME_SIZE_FUDGE: "We allow clients to
     * exceed the frame size a little bit since quite a few get it wrong - off-by 1 or 8 (empty frame size)
     * are typical" (rabbit_reader.erl). Rejecting them would break clients RabbitMQ accepts.
     */
    public static final int FRAME_SIZE_FUDGE = Frame.FRAME_OVERHEAD;
    private static final int FRAME_HEADER_SIZE = 7;
    private static final int CONTENT_HEADER_FIXED_SIZE = 12; // class-id(2), weight(2), body-size(8)

    private enum State { DECODING, FAILED }

    private State state = State.DECODING;
    private int maxFrameSize;

    /** @param maxFrameSize largest whole frame (payload + 8) accepted; 0 means {@link #HARD_MAX_FRAME_SIZE} */
    public FrameDecoder(int maxFrameSize) {
        maxFrameSize(maxFrameSize);
    }

    /** Changes the limit, e.g. after connection.tune-ok; 0 means {@link #HARD_MAX_FRAME_SIZE}. */
    public void maxFrameSize(int maxFrameSize) {
        if (maxFrameSize < 0) {
            throw new IllegalArgumentException("maxFrameSize < 0: " + maxFrameSize);
        }
        this.maxFrameSize = maxFrameSize == 0 ? HARD_MAX_FRAME_SIZE : Math.min(maxFrameSize, HARD_MAX_FRAME_SIZE);
    }

    /** The limit in force (never 0). */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (state == State.FAILED) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            Frame frame = decodeFrame(in);
            if (frame != null) {
                out.add(frame);
            }
        } catch (AmqpException e) {
            fail(in);
            throw e;
        } catch (RuntimeException e) {
            // why: a safety net; the reader checks every length, so this would be a codec bug, but the
            // contract is "only frames or AmqpException" and the peer must not be able to crash us
            fail(in);
            throw AmqpException.of(ReplyCode.SYNTAX_ERROR, "cannot decode frame: %s", e);
        }
    }

    private void fail(ByteBuf in) {
        state = State.FAILED;
        in.skipBytes(in.readableBytes());
    }

    private Frame decodeFrame(ByteBuf in) {
        if (in.readableBytes() < FRAME_HEADER_SIZE) {
            return null;
        }
        int start = in.readerIndex();
        int type = in.getUnsignedByte(start);
        int channel = in.getUnsignedShort(start + 1);
        long size = in.getUnsignedInt(start + 3);
        // spec 4.2.3 / tune: peers MUST NOT send frames larger than the negotiated frame-max
        if (size + Frame.FRAME_OVERHEAD > (long) maxFrameSize + FRAME_SIZE_FUDGE) {
            throw AmqpException.of(ReplyCode.FRAME_ERROR, "type %d, all octets = <<>>: {frame_too_large,%d,%d}",
                    type, size, maxFrameSize - Frame.FRAME_OVERHEAD);
        }
        int length = (int) size;
        if (in.readableBytes() < FRAME_HEADER_SIZE + length + 1) {
            return null;
        }
        int payload = start + FRAME_HEADER_SIZE;
        int end = in.getUnsignedByte(payload + length);
        // spec 4.2.3: "If the frame-end octet is not 0xCE the recipient MUST treat it as a fatal error"
        if (end != Frame.FRAME_END) {
            throw AmqpException.of(ReplyCode.FRAME_ERROR, "type %d, %s: {invalid_frame_end_marker,%d}",
                    type, snippet(in, payload, length), end);
        }
        Frame frame = switch (type) {
            case Frame.FRAME_METHOD -> methodFrame(in, channel, payload, length);
            case Frame.FRAME_HEADER -> headerFrame(in, channel, payload, length);
            case Frame.FRAME_BODY -> bodyFrame(in, channel, payload, length);
            case Frame.FRAME_HEARTBEAT -> heartbeatFrame(in, channel, payload, length);
            default -> throw unknownFrame(in, type, payload, length);
        };
        in.readerIndex(payload + length + 1);
        return frame;
    }

    private static Frame methodFrame(ByteBuf in, int channel, int payload, int length) {
        if (length < 4) {
            throw unknownFrame(in, Frame.FRAME_METHOD, payload, length);
        }
        int classId = in.getUnsignedShort(payload);
        int methodId = in.getUnsignedShort(payload + 2);
        Method method = Methods.read(classId, methodId, in.slice(payload + 4, length - 4));
        return new MethodFrame(channel, method);
    }

    private static Frame headerFrame(ByteBuf in, int channel, int payload, int length) {
        if (length < CONTENT_HEADER_FIXED_SIZE + 2) {
            throw unknownFrame(in, Frame.FRAME_HEADER, payload, length);
        }
        if (channel == 0) {
            throw unexpectedFrame(in, Frame.FRAME_HEADER, channel, payload, length);
        }
        int classId = in.getUnsignedShort(payload);
        int weight = in.getUnsignedShort(payload + 2);
        long bodySize = in.getLong(payload + 4);
        // spec 4.2.6: "The weight field is unused and must be zero"
        if (weight != 0) {
            throw AmqpException.of(ReplyCode.UNEXPECTED_FRAME,
                    "expected content header for class %d, got non content header frame instead", classId);
        }
        int propertiesIndex = payload + CONTENT_HEADER_FIXED_SIZE;
        int propertiesLength = length - CONTENT_HEADER_FIXED_SIZE;
        if (classId == 60) {
            // why: validate once here so a malformed header fails at decode time; the raw bytes are kept
            ByteBuf view = in.slice(propertiesIndex, propertiesLength);
            BasicProperties.skip(view);
            propertiesLength = view.readerIndex(); // trailing octets after the property list are dropped
        }
        return new HeaderFrame(channel, classId, bodySize, in.retainedSlice(propertiesIndex, propertiesLength));
    }

    private static Frame bodyFrame(ByteBuf in, int channel, int payload, int length) {
        if (channel == 0) {
            throw unexpectedFrame(in, Frame.FRAME_BODY, channel, payload, length);
        }
        return new BodyFrame(channel, in.retainedSlice(payload, length));
    }

    private static Frame heartbeatFrame(ByteBuf in, int channel, int payload, int length) {
        if (length != 0) {
            throw unknownFrame(in, Frame.FRAME_HEARTBEAT, payload, length);
        }
        // RabbitMQ: a heartbeat on a non-zero channel is unexpected_frame (rabbit_reader:handle_frame/4)
        if (channel != 0) {
            throw unexpectedFrame(in, Frame.FRAME_HEARTBEAT, channel, payload, length);
        }
        return HeartbeatFrame.INSTANCE;
    }

    private static AmqpException unknownFrame(ByteBuf in, int type, int payload, int length) {
        return AmqpException.of(ReplyCode.FRAME_ERROR, "type %d, %s: unknown_frame", type,
                snippet(in, payload, length));
    }

    private static AmqpException unexpectedFrame(ByteBuf in, int type, int channel, int payload, int length) {
        return AmqpException.of(ReplyCode.UNEXPECTED_FRAME, "type %d, %s on channel %d", type,
                snippet(in, payload, length), channel);
    }

    /** RabbitMQ-style payload snippet: {@code all octets = <<1,2>>} or {@code first 16 octets = <<...>>}. */
    private static String snippet(ByteBuf in, int payload, int length) {
        int n = Math.min(16, length);
        StringBuilder sb = new StringBuilder(length <= 16 ? "all octets = <<" : "first 16 octets = <<");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(in.getUnsignedByte(payload + i));
        }
        return sb.append(">>").toString();
    }
}
