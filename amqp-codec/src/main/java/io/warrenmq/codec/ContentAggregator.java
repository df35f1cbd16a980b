package io.warrenmq.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.warrenmq.codec.method.Method;

/**
 * Assembles one AMQP channel's frames into {@link Command}s: a content-bearing method, then its content
 * header, then body frames until the declared body size is reached.
 *
 * <pre>
 *                  method without content -> Command
 *                 +--------------------+
 *                 v                    |
 *   EXPECTING_METHOD --method with content--> EXPECTING_HEADER --header(size 0)--> Command
 *        ^                                        | header(size n)
 *        |                                        v
 *        +------- Command <--(size reached)-- EXPECTING_BODY --body--+
 *                                                 ^                  |
 *                                                 +------------------+
 * </pre>
 *
 * <p>Errors mirror rabbit_command_assembler.erl (and rabbit_channel's check_msg_size): a frame of the
 * wrong kind, or a header for another class, is UNEXPECTED_FRAME 505; a body frame beyond the declared
 * size is FRAME_ERROR 501 ("content body frame exceeds remaining content size"); a declared size above
 * RabbitMQ's absolute ?MAX_MSG_SIZE (512 MiB) is FRAME_ERROR 501; above the configured maximum it is
 * PRECONDITION_FAILED 406, a channel error, decided when the header arrives (RabbitMQ decides it after the
 * body; deciding early means the body is never buffered). Spec 2.3.5.2 "Content Frames", 4.2.6.
 *
 * <p>Ownership: {@link #accept} always takes ownership of the frame's buffers (released on error or when
 * copied). // why: body frames are copied into one buffer of exactly the body size, allocated on the
 * first body frame, instead of keeping slices: a slice would pin the socket's cumulation buffer for as
 * long as the message sits in a queue. The header's properties are copied for the same reason.
 *
 * <p>Thread-safety: not thread-safe; one instance per channel, used on the connection's event loop.
 */
public final class ContentAggregator {
    /** RabbitMQ's ?MAX_MSG_SIZE: no message may be larger, whatever is configured. */
    public static final long MAX_MESSAGE_SIZE = 536_870_912L;

    /** Assembly states. */
    public enum State { EXPECTING_METHOD, EXPECTING_HEADER, EXPECTING_BODY }

    private final ByteBufAllocator alloc;
    private final long maxBodySize;
    private State state = State.EXPECTING_METHOD;
    private Method method;
    private HeaderFrame header;
    private ByteBuf body;
    private long remaining;

    /** @param maxBodySize largest accepted body in octets, capped at {@link #MAX_MESSAGE_SIZE} */
    public ContentAggregator(ByteBufAllocator alloc, long maxBodySize) {
        if (maxBodySize < 0) {
            throw new IllegalArgumentException("maxBodySize < 0: " + maxBodySize);
        }
        this.alloc = alloc;
        this.maxBodySize = Math.min(maxBodySize, MAX_MESSAGE_SIZE);
    }

    /** The current state, for diagnostics and tests. */
    public State state() {
        return state;
    }

    /**
     * Feeds one frame of this channel.
     *
     * @return the completed command, or null while more frames are needed
     * @throws AmqpException on a protocol violation; partial content is released and the state reset
     */
    public Command accept(Frame frame) {
        try {
            return switch (state) {
                case EXPECTING_METHOD -> onMethodExpected(frame);
                case EXPECTING_HEADER -> onHeaderExpected(frame);
                case EXPECTING_BODY -> onBodyExpected(frame);
            };
        } catch (AmqpException e) {
            reset();
            throw e;
        }
    }

    /** Releases partial content and returns to EXPECTING_METHOD (e.g. when the channel closes). */
    public void reset() {
        if (header != null) {
            header.release();
        }
        if (body != null) {
            body.release();
        }
        clear();
    }

    private Command onMethodExpected(Frame frame) {
        if (!(frame instanceof MethodFrame mf)) {
            release(frame);
            throw AmqpException.of(ReplyCode.UNEXPECTED_FRAME, "expected method frame, got non method frame instead");
        }
        if (!mf.method().hasContent()) {
            return new Command(mf.method());
        }
        method = mf.method();
        state = State.EXPECTING_HEADER;
        return null;
    }

    private Command onHeaderExpected(Frame frame) {
        if (!(frame instanceof HeaderFrame h)) {
            release(frame);
            throw error(ReplyCode.UNEXPECTED_FRAME,
                    "expected content header for class %d, got non content header frame instead", method.classId());
        }
        if (h.classId() != method.classId()) {
            h.release();
            throw error(ReplyCode.UNEXPECTED_FRAME,
                    "expected content header for class %d, got one for class %d instead", method.classId(), h.classId());
        }
        long size = h.bodySize();
        if (Long.compareUnsigned(size, MAX_MESSAGE_SIZE) > 0) {
            h.release();
            throw error(ReplyCode.FRAME_ERROR, "content body size %s exceeds maximum allowed size %d",
                    Long.toUnsignedString(size), MAX_MESSAGE_SIZE);
        }
        if (size > maxBodySize) {
            h.release();
            // wording of rabbit_channel:check_msg_size/3
            String format = maxBodySize == MAX_MESSAGE_SIZE
                    ? "message size %d is larger than max size %d"
                    : "message size %d is larger than configured max size %d";
            throw error(ReplyCode.PRECONDITION_FAILED, format, size, maxBodySize);
        }
        HeaderFrame copy = new HeaderFrame(h.channel(), h.classId(), size, copy(h.rawProperties()));
        h.release();
        if (size == 0) {
            Command done = new Command(method, copy, Unpooled.EMPTY_BUFFER);
            clear();
            return done;
        }
        header = copy;
        remaining = size;
        state = State.EXPECTING_BODY;
        return null;
    }

    private Command onBodyExpected(Frame frame) {
        if (!(frame instanceof BodyFrame b)) {
            release(frame);
            throw error(ReplyCode.UNEXPECTED_FRAME, "expected content body, got non content body frame instead");
        }
        ByteBuf payload = b.payload();
        int n = payload.readableBytes();
        if (n > remaining) {
            b.release();
            throw error(ReplyCode.FRAME_ERROR, "content body frame exceeds remaining content size");
        }
        if (body == null) {
            int size = (int) header.bodySize(); // <= MAX_MESSAGE_SIZE, checked at the header
            body = alloc.buffer(size, size);
        }
        body.writeBytes(payload, payload.readerIndex(), n);
        b.release();
        remaining -= n;
        if (remaining > 0) {
            return null;
        }
        Command done = new Command(method, header, body);
        clear();
        return done;
    }

    private AmqpException error(ReplyCode code, String format, Object... args) {
        return AmqpException.of(code, format, args).withMethod(method.classId(), method.methodId());
    }

    private ByteBuf copy(ByteBuf raw) {
        int n = raw.readableBytes();
        return alloc.buffer(n, n).writeBytes(raw, raw.readerIndex(), n);
    }

    private void clear() {
        state = State.EXPECTING_METHOD;
        method = null;
        header = null;
        body = null;
        remaining = 0;
    }

    private static void release(Frame frame) {
        if (frame instanceof HeaderFrame h) {
            h.release();
        } else if (frame instanceof BodyFrame b) {
            b.release();
        }
    }
}
