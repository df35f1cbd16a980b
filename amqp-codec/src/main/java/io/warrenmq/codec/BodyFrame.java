package io.warrenmq.codec;

import io.netty.buffer.ByteBuf;

/**
 * A content body frame (type 3) holding a retained slice of the payload. Spec 4.2.6.2 "Content Body".
 *
 * <p>Thread-safety: immutable record over a buffer that is not thread-safe; the owner must
 * {@link #release()} it exactly once.
 */
public record BodyFrame(int channel, ByteBuf payload) implements Frame {

    /** Releases {@link #payload()}. */
    public void release() {
        payload.release();
    }
}
