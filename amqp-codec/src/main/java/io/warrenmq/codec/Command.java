package io.warrenmq.codec;

import io.netty.buffer.ByteBuf;
import io.warrenmq.codec.method.Method;

/**
 * A complete AMQP command: a method and, for content-bearing methods, its header and whole body.
 *
 * <p>{@code header} and {@code body} are null for methods without content. The body is one buffer of
 * exactly the declared body size, owned by the receiver. Spec 2.3.5.2 "Content Frames".
 *
 * <p>Thread-safety: immutable record over buffers that are not thread-safe; {@link #release()} once.
 */
public record Command(Method method, HeaderFrame header, ByteBuf body) {

    /** A command without content. */
    public Command(Method method) {
        this(method, null, null);
    }

    /** Releases the header and body, if any. */
    public void release() {
        if (header != null) {
            header.release();
        }
        if (body != null) {
            body.release();
        }
    }
}
