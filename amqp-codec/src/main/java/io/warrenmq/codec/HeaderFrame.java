package io.warrenmq.codec;

import io.netty.buffer.ByteBuf;
import io.warrenmq.codec.types.BasicProperties;

/**
 * A content header frame (type 2): class id, body size and the property list kept as raw bytes.
 *
 * <p>{@code rawProperties} holds the property-flags word(s) and property list exactly as received, so
 * the broker can store and re-send them without re-encoding. The decoder has already validated them
 * once; {@link #properties()} decodes them again on demand (not cached). Spec 4.2.6 "Content Header".
 *
 * <p>Thread-safety: immutable record over a buffer that is not thread-safe; the owner must
 * {@link #release()} it exactly once.
 */
public record HeaderFrame(int channel, int classId, long bodySize, ByteBuf rawProperties)
        implements Frame {

    /** Decodes the property list; never moves the reader index of {@link #rawProperties()}. */
    public BasicProperties properties() {
        ByteBuf view = rawProperties.duplicate();
        return BasicProperties.read(view);
    }

    /** Releases {@link #rawProperties()}. */
    public void release() {
        rawProperties.release();
    }
}
