package io.warrenmq.auth;

import java.nio.charset.StandardCharsets;

/** Checks on names that reach the wire as AMQP short strings (at most 255 bytes of UTF-8). */
public final class Names {
    public static final int MAX_BYTES = 255;

    private Names() {
    }

    /** @throws InvalidDefinitionException for an empty or oversized name */
    public static void check(String what, String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidDefinitionException(what + " name must not be empty");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new InvalidDefinitionException(what + " name longer than " + MAX_BYTES + " bytes");
        }
    }
}
