package io.warrenmq.server.management;

import io.warrenmq.auth.User;
import io.warrenmq.auth.UserDatabase;
import io.warrenmq.management.security.Authenticator;
import io.warrenmq.management.security.Principal;
import io.warrenmq.server.connection.Authenticator.Login;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * HTTP Basic logins for the management API, checked exactly as an AMQP PLAIN login is (the same
 * {@link io.warrenmq.server.connection.Authenticator}: password hash, {@code loopback_users}), and
 * counted with AMQP's refused logins.
 *
 * <p>Thread-safety: shareable; each login reads the user database's current snapshot.
 */
final class HttpLogin implements Authenticator {
    private final io.warrenmq.server.connection.Authenticator amqp;
    private final UserDatabase users;

    HttpLogin(io.warrenmq.server.connection.Authenticator amqp, UserDatabase users) {
        this.amqp = amqp;
        this.users = users;
    }

    @Override
    public Result authenticate(String user, String password, InetSocketAddress peer) {
        byte[] plain = ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
        Login login = amqp.authenticate("PLAIN", plain, peer);
        if (login instanceof Login.Refused refused) {
            amqp.failures().refused(peer);
            return new Result.Refused(refused.reason(), refused.reason().endsWith("can only connect via localhost"));
        }
        User u = users.user(user).orElse(null);
        if (u == null) { // deleted between the two reads
            return new Result.Refused("user '" + user + "' was deleted", false);
        }
        return new Result.Accepted(principal(u));
    }

    /** The principal with the user's tags; vhost access read at each check, so grants apply at once. */
    private Principal principal(User u) {
        String name = u.name();
        return new Principal(name, u.tags(), vhost -> users.snapshot().permissions(name, vhost) != null);
    }
}
