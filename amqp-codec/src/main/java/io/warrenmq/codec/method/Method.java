package io.warrenmq.codec.method;

import io.warrenmq.codec.types.MethodWriter;

/**
 * An AMQP 0-9-1 method: one sealed sub-interface per class, one record per method.
 *
 * <p>Records are plain values; {@link Methods#read} decodes them and {@link #write} encodes their
 * fields (the frame and the class/method ids are written by {@code FrameWriter}). Spec 4.2.4 "Method
 * Payloads" and the class reference in amqp0-9-1.xml.
 *
 * <p>Thread-safety: implementations are immutable.
 */
public sealed interface Method
        permits ConnectionMethod, ChannelMethod, AccessMethod, ExchangeMethod, QueueMethod, BasicMethod, TxMethod,
                ConfirmMethod {

    /** The AMQP class id (e.g. 60 for basic). */
    int classId();

    /** The method id within the class (e.g. 40 for basic.publish). */
    int methodId();

    /** Writes the method's fields (everything after class-id and method-id). */
    void write(MethodWriter w);

    /** True for methods followed by a content header and bodies (basic.publish/return/deliver/get-ok). */
    default boolean hasContent() {
        return false;
    }

    /** The spec name, e.g. {@code "basic.publish"}. */
    String name();
}
