package io.warrenmq.auth;

/**
 * A permission check failed. The message is RabbitMQ's text (rabbit_access_control), e.g.
 * {@code write access to exchange 'x' in vhost '/' refused for user 'bob'}; the broker turns it into
 * a 403 ACCESS_REFUSED channel error.
 */
public final class AccessRefusedException extends RuntimeException {
    public AccessRefusedException(String message) {
        super(message, null, false, false); // why no stack trace: it is an answer to a client, not a bug
    }
}
