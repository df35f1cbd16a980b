package io.warrenmq.codec;

/**
 * Event fired by {@link ProtocolHeaderHandler} once the client sent {@code AMQP 0 0 9 1}.
 * Spec 4.2.2 "Protocol Header".
 *
 * <p>Thread-safety: immutable singleton.
 */
public enum ProtocolHeader {
    INSTANCE;

    /** The eight octets that open an AMQP 0-9-1 connection. */
    public static byte[] bytes() {
        return new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 1};
    }
}
