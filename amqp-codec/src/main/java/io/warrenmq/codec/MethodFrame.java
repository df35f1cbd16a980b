package io.warrenmq.codec;

import io.warrenmq.codec.method.Method;

/**
 * A decoded method frame (type 1). Spec 4.2.4 "Method Payloads".
 *
 * <p>Thread-safety: immutable.
 */
public record MethodFrame(int channel, Method method) implements Frame {
}
