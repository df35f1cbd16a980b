package io.warrenmq.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.warrenmq.codec.method.Method;
import io.warrenmq.codec.method.Methods;
import io.warrenmq.codec.types.BasicProperties;
import io.warrenmq.codec.types.MethodReader;
import io.warrenmq.codec.types.ShortStringCache;
import java.util.List;

/**
 * Splits the inbound byte stream into frames and fully decodes method frames, reporting each frame either
 * as a {@link Frame} record passed to the next handler, or to a {@link FrameListener}.
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
 * <p>Two modes, the same checks: without a listener (clients, tests) each frame becomes a record, content
 * frames holding a retained slice of the input; with a listener (the broker) nothing is allocated per frame
 * but the decoded method: method fields and property lists are read in place by one reused
 * {@link MethodReader}, and content bytes are handed over as regions of the input.
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

    /** The listener frames go to; in record mode, {@link #records}. */
    private final FrameListener listener;
    /** Non-null in record mode: turns frames into records for the next handler. */
    private final FrameRecords records;
    /**
     * Pointed at each method payload and property list in turn (why: no slice and no reader per frame);
     * its string cache gives a publisher's repeated exchange and routing key back as the same strings.
     */
    private final MethodReader reader = new MethodReader(new ShortStringCache());
    private State state = State.DECODING;
    private int maxFrameSize;

    /**
     * Record mode: frames are passed to the next handler as {@link Frame}s.
     *
     * @param maxFrameSize largest whole frame (payload + 8) accepted; 0 means {@link #HARD_MAX_FRAME_SIZE}
     */
    public FrameDecoder(int maxFrameSize) {
        this.records = new FrameRecords();
        this.listener = records;
        maxFrameSize(maxFrameSize);
    }

    /** Listener mode: frames go to {@code listener}; nothing is passed to the next handler but non-frame messages. */
    public FrameDecoder(int maxFrameSize, FrameListener listener) {
        this.records = null;
        this.listener = listener;
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
        if (records != null) {
            records.out = out;
        }
        try {
            decodeFrame(in);
        } catch (AmqpException e) {
            fail(in);
            throw e;
        } catch (RuntimeException e) {
            // why: a safety net; the reader checks every length, so this would be a codec bug, but the
            // contract is "only frames or AmqpException" and the peer must not be able to crash us
            fail(in);
            throw AmqpException.of(ReplyCode.SYNTAX_ERROR, "cannot decode frame: %s", e);
        } finally {
            if (records != null) {
                records.out = null;
            }
        }
    }

    /**
     * // why: in listener mode nothing is ever passed on, and ByteToMessageDecoder takes "nothing passed on
     * while autoRead is off" for "a frame is still incomplete" and reads the socket again. The broker turns
     * autoRead off to stop a publisher (alarms, flow control), so the listener mode must not (Netty's HTTP/2
     * handler overrides this for the opposite reason: it always reads).
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (records != null) {
            super.channelReadComplete(ctx);
            return;
        }
        discardSomeReadBytes();
        ctx.fireChannelReadComplete();
    }

    private void fail(ByteBuf in) {
        state = State.FAILED;
        in.skipBytes(in.readableBytes());
    }

    /** Decodes and reports one frame if a whole one is readable. */
    private void decodeFrame(ByteBuf in) {
        if (in.readableBytes() < FRAME_HEADER_SIZE) {
            return;
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
            return;
        }
        int payload = start + FRAME_HEADER_SIZE;
        int end = in.getUnsignedByte(payload + length);
        // spec 4.2.3: "If the frame-end octet is not 0xCE the recipient MUST treat it as a fatal error"
        if (end != Frame.FRAME_END) {
            throw AmqpException.of(ReplyCode.FRAME_ERROR, "type %d, %s: {invalid_frame_end_marker,%d}",
                    type, snippet(in, payload, length), end);
        }
        switch (type) {
            case Frame.FRAME_METHOD -> methodFrame(in, channel, payload, length);
            case Frame.FRAME_HEADER -> headerFrame(in, channel, payload, length);
            case Frame.FRAME_BODY -> bodyFrame(in, channel, payload, length);
            case Frame.FRAME_HEARTBEAT -> heartbeatFrame(in, channel, payload, length);
            default -> throw unknownFrame(in, type, payload, length);
        }
    }

    private void methodFrame(ByteBuf in, int channel, int payload, int length) {
        if (length < 4) {
            throw unknownFrame(in, Frame.FRAME_METHOD, payload, length);
        }
        int classId = in.getUnsignedShort(payload);
        int methodId = in.getUnsignedShort(payload + 2);
        Method method = Methods.read(classId, methodId, reader.reset(in, payload + 4, payload + length));
        in.readerIndex(payload + length + 1);
        listener.onMethod(channel, method);
    }

    private void headerFrame(ByteBuf in, int channel, int payload, int length) {
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
            BasicProperties.skip(reader.reset(in, propertiesIndex, propertiesIndex + propertiesLength));
            propertiesLength = in.readerIndex() - propertiesIndex; // trailing octets after the list are dropped
        }
        in.readerIndex(payload + length + 1);
        listener.onHeader(channel, classId, bodySize, in, propertiesIndex, propertiesLength);
    }

    private void bodyFrame(ByteBuf in, int channel, int payload, int length) {
        if (channel == 0) {
            throw unexpectedFrame(in, Frame.FRAME_BODY, channel, payload, length);
        }
        in.readerIndex(payload + length + 1);
        listener.onBody(channel, in, payload, length);
    }

    private void heartbeatFrame(ByteBuf in, int channel, int payload, int length) {
        if (length != 0) {
            throw unknownFrame(in, Frame.FRAME_HEARTBEAT, payload, length);
        }
        // RabbitMQ: a heartbeat on a non-zero channel is unexpected_frame (rabbit_reader:handle_frame/4)
        if (channel != 0) {
            throw unexpectedFrame(in, Frame.FRAME_HEARTBEAT, channel, payload, length);
        }
        in.readerIndex(payload + length + 1);
        listener.onHeartbeat();
    }

    /** Record mode: each frame becomes a {@link Frame} in the decoder's output list. */
    private static final class FrameRecords implements FrameListener {
        /** The output list of the decode call in progress. */
        List<Object> out;

        @Override
        public void onMethod(int channel, Method method) {
            out.add(new MethodFrame(channel, method));
        }

        @Override
        public void onHeader(int channel, int classId, long bodySize, ByteBuf in, int index, int length) {
            out.add(new HeaderFrame(channel, classId, bodySize, in.retainedSlice(index, length)));
        }

        @Override
        public void onBody(int channel, ByteBuf in, int index, int length) {
            out.add(new BodyFrame(channel, in.retainedSlice(index, length)));
        }

        @Override
        public void onHeartbeat() {
            out.add(HeartbeatFrame.INSTANCE);
        }
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
