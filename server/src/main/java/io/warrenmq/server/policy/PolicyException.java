package io.warrenmq.server.policy;

/** A policy RabbitMQ would refuse to set; the message says why, in RabbitMQ's terms. Nothing changed. */
public final class PolicyException extends RuntimeException {
    public PolicyException(String message) {
        super(message);
    }
}
