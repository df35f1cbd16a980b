package io.warrenmq.management.security;

import java.net.InetSocketAddress;

/**
 * Checks a user name and password for the API (HTTP Basic), with the broker's rules: the stored
 * password hash, {@code loopback_users}, refused logins counted as AMQP's are. Implemented by the
 * broker ({@code io.warrenmq.server.management}).
 */
public interface Authenticator {
    /** What a login came to: a principal, or the reason to log (never shown to the client). */
    sealed interface Result {
        record Accepted(Principal principal) implements Result {
        }

        /** {@code loopbackOnly}: the credentials were right, but this user may log in from localhost only. */
        record Refused(String reason, boolean loopbackOnly) implements Result {
        }
    }

    Result authenticate(String user, String password, InetSocketAddress peer);
}
