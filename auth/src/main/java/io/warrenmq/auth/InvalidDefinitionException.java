package io.warrenmq.auth;

/**
 * A user, permission or other access-control definition that cannot be accepted (a malformed
 * expression, an unknown hashing module, an oversized name). Nothing was changed.
 */
public final class InvalidDefinitionException extends IllegalArgumentException {
    public InvalidDefinitionException(String message) {
        super(message);
    }
}
