package io.warrenmq.amqp10.codec;

/** Input that is not valid AMQP 1.0 encoding: becomes {@code amqp:decode-error}. */
public class DecodeException extends RuntimeException {
    public DecodeException(String message) {
        super(message, null, false, false);
    }
}
