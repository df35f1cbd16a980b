package io.warrenmq.amqp10.selector;

/** A selector that is not valid JMS 2.0 message selector syntax; the message says where and why. */
public final class SelectorException extends Exception {
    public SelectorException(String message) {
        super(message);
    }
}
