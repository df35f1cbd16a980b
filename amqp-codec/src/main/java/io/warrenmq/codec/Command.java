package io.warrenmq.codec;

import io.netty.buffer.ByteBuf;
import io.warrenmq.codec.method.Method;

/**
 * A complete AMQP command kept for later: a method and, for content-bearing methods, its raw property list
 * and whole body (what {@link ContentAggregator.Sink} receives, as one value).
 *
 * <p>{@code properties} and {@code body} are null for methods without content. Spec 2.3.5.2 "Content
 * Frames".
 *
 * <p>Thread-safety: immutable record over buffers that are not thread-safe; {@link #release()} once.
 */
public record Command(Method method, ByteBuf properties, ByteBuf body) {

    /** Releases the properties and body, if any. */
    public void release() {
        if (properties != null) {
            properties.release();
        }
        if (body != null) {
            body.release();
        }
    }
}
