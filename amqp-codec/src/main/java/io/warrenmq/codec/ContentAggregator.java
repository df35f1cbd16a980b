package io.warrenmq.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.warrenmq.codec.method.Method;

/**
 * Assembles one AMQP channel's frames into commands: a content-bearing method, then its content
 * header, then body frames until the declared body size is reached.
 *
 * <pre>
 *                  method without content -> command
 *                 +--------------------+
 *                 v                    |
 *   EXPECTING_METHOD --method with content--> EXPECTING_HEADER --header(size 0)--> command
 *        ^                                        | header(size n)
 *        |                                        v
 *        +------- command <--(size reached)-- EXPECTING_BODY --body--+
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
 * <p>Frames come as fields, as a {@link FrameListener} gets them; each completed command goes to the
 * {@link Sink}. // why: no record per frame or per command on the publish path. Content bytes are copied
 * out of the region they are given: the properties into a buffer of their exact size, the body into one
 * buffer of at most the body size, allocated at the first body frame as large as that frame and grown as
 * later frames arrive (never as large as a size the peer merely declared). Keeping slices instead would pin the
 * socket's cumulation buffer for as long as the message sits in a queue.
 *
 * <p>Thread-safety: not thread-safe; one instance per channel, used on the connection's event loop.
 */
public final class ContentAggregator {
    /** RabbitMQ's ?MAX_MSG_SIZE: no message may be larger, whatever is configured. */
    public static final long MAX_MESSAGE_SIZE = 536_870_912L;

    /** Smallest first allocation for a body that spans several frames. */
    static final int MIN_BODY_CAPACITY = 4096;

    /** Assembly states. */
    public enum State { EXPECTING_METHOD, EXPECTING_HEADER, EXPECTING_BODY }

    /** Where completed commands go. */
    public interface Sink {
        /**
         * A completed command. For a method with content, takes ownership of {@code properties} (the raw
         * property list) and {@code body} (the whole body); both are null for a method without content.
         */
        void command(Method method, ByteBuf properties, ByteBuf body);
    }

    private final ByteBufAllocator alloc;
    private final long maxBodySize;
    private final Sink sink;
    private State state = State.EXPECTING_METHOD;
    private Method method;
    private ByteBuf properties;
    private ByteBuf body;
    private long bodySize;
    private long remaining;

    /** @param maxBodySize largest accepted body in octets, capped at {@link #MAX_MESSAGE_SIZE} */
    public ContentAggregator(ByteBufAllocator alloc, long maxBodySize, Sink sink) {
        if (maxBodySize < 0) {
            throw new IllegalArgumentException("maxBodySize < 0: " + maxBodySize);
        }
        this.alloc = alloc;
        this.maxBodySize = Math.min(maxBodySize, MAX_MESSAGE_SIZE);
        this.sink = sink;
    }

    /** The current state, for diagnostics and tests. */
    public State state() {
        return state;
    }

    /**
     * A method frame of this channel.
     *
     * @throws AmqpException on a protocol violation; partial content is released and the state reset
     */
    public void onMethod(Method m) {
        if (state != State.EXPECTING_METHOD) {
            throw outOfOrder();
        }
        if (!m.hasContent()) {
            sink.command(m, null, null);
            return;
        }
        method = m;
        state = State.EXPECTING_HEADER;
    }

    /**
     * A content header frame of this channel; its raw property list is {@code in[index, index + length)},
     * copied (the region is not kept).
     *
     * @throws AmqpException as {@link #onMethod}
     */
    public void onHeader(int classId, long size, ByteBuf in, int index, int length) {
        if (state != State.EXPECTING_HEADER) {
            throw outOfOrder();
        }
        if (classId != method.classId()) {
            throw failed(ReplyCode.UNEXPECTED_FRAME,
                    "expected content header for class %d, got one for class %d instead", method.classId(), classId);
        }
        if (Long.compareUnsigned(size, MAX_MESSAGE_SIZE) > 0) {
            throw failed(ReplyCode.FRAME_ERROR, "content body size %s exceeds maximum allowed size %d",
                    Long.toUnsignedString(size), MAX_MESSAGE_SIZE);
        }
        if (size > maxBodySize) {
            // wording of rabbit_channel:check_msg_size/3
            String format = maxBodySize == MAX_MESSAGE_SIZE
                    ? "message size %d is larger than max size %d"
                    : "message size %d is larger than configured max size %d";
            throw failed(ReplyCode.PRECONDITION_FAILED, format, size, maxBodySize);
        }
        ByteBuf copy = alloc.buffer(length, length).writeBytes(in, index, length);
        if (size == 0) {
            Method m = method;
            clear();
            sink.command(m, copy, Unpooled.EMPTY_BUFFER);
            return;
        }
        properties = copy;
        bodySize = size;
        remaining = size;
        state = State.EXPECTING_BODY;
    }

    /**
     * A content body frame of this channel; its payload is {@code in[index, index + length)}, copied.
     *
     * @throws AmqpException as {@link #onMethod}
     */
    public void onBody(ByteBuf in, int index, int length) {
        if (state != State.EXPECTING_BODY) {
            throw outOfOrder();
        }
        if (length > remaining) {
            throw failed(ReplyCode.FRAME_ERROR, "content body frame exceeds remaining content size");
        }
        if (body == null) {
            int size = (int) bodySize; // <= MAX_MESSAGE_SIZE, checked at the header
            // why not the whole declared size at once: a peer could declare max_message_size and send one
            // octet, on many connections. The first frame's length is exact for a one-frame body (most
            // messages); a longer body grows by Netty's doubling, bounded by the declared size, so what is
            // held is at most about twice what was received.
            body = alloc.buffer(Math.min(size, Math.max(length, MIN_BODY_CAPACITY)), size);
        }
        body.writeBytes(in, index, length);
        remaining -= length;
        if (remaining > 0) {
            return;
        }
        Method m = method;
        ByteBuf p = properties;
        ByteBuf b = body;
        clear();
        sink.command(m, p, b);
    }

    /** Releases partial content and returns to EXPECTING_METHOD (e.g. when the channel closes). */
    public void reset() {
        if (properties != null) {
            properties.release();
        }
        if (body != null) {
            body.release();
        }
        clear();
    }

    /** A frame of a kind the state does not expect (the kind itself is implied by the caller). */
    private AmqpException outOfOrder() {
        return switch (state) {
            case EXPECTING_METHOD -> failed(AmqpException.of(ReplyCode.UNEXPECTED_FRAME,
                    "expected method frame, got non method frame instead"));
            case EXPECTING_HEADER -> failed(ReplyCode.UNEXPECTED_FRAME,
                    "expected content header for class %d, got non content header frame instead", method.classId());
            case EXPECTING_BODY -> failed(ReplyCode.UNEXPECTED_FRAME,
                    "expected content body, got non content body frame instead");
        };
    }

    /** An error about the content of {@link #method}; the partial content is dropped. */
    private AmqpException failed(ReplyCode code, String format, Object... args) {
        return failed(AmqpException.of(code, format, args).withMethod(method.classId(), method.methodId()));
    }

    private AmqpException failed(AmqpException e) {
        reset();
        return e;
    }

    private void clear() {
        state = State.EXPECTING_METHOD;
        method = null;
        properties = null;
        body = null;
        bodySize = 0;
        remaining = 0;
    }
}
