package io.warrenmq.definitions;

/**
 * A definitions document that cannot be read or applied; the message names the entry
 * ({@code queues[3] (vhost 'orders', name 'jobs'): ...}). Nothing was changed.
 */
public final class DefinitionsException extends RuntimeException {
    public DefinitionsException(String message) {
        super(message);
    }

    public DefinitionsException(String message, Throwable cause) {
        super(message, cause);
    }
}
