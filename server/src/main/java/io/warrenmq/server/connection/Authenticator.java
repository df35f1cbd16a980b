package io.warrenmq.server.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.auth.User;
import io.warrenmq.auth.UserDatabase;
import io.warrenmq.server.BrokerConfig;
import io.warrenmq.server.access.DefaultUser;
import io.warrenmq.server.access.LoginFailures;
import io.netty.channel.local.LocalAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * SASL PLAIN and AMQPLAIN against the {@link UserDatabase}, and EXTERNAL (the user named by a TLS
 * client's verified certificate, RabbitMQ's rabbitmq_auth_mechanism_ssl), with RabbitMQ's loopback
 * rule: users listed in {@code loopback_users} may only connect from a loopback address. Which
 * mechanisms are offered is {@code auth_mechanisms}; EXTERNAL only to a connection that has a
 * verified client certificate, as RabbitMQ's {@code should_offer} decides.
 *
 * <p>Thread-safety: shareable; each login reads the database's current snapshot.
 */
public final class Authenticator {
    public static final String MECHANISMS = "PLAIN AMQPLAIN";
    public static final String EXTERNAL = "EXTERNAL";
    /**
     * The broker's own in-JVM connections (the management API's, see {@code io.warrenmq.server.direct}):
     * never offered, accepted only over a local (in-JVM) channel with this broker's secret token,
     * because the HTTP layer has already authenticated the user (RabbitMQ's management plugin uses
     * "direct" connections the same way).
     */
    public static final String DIRECT = "WARREN-DIRECT";

    private final BrokerConfig config;
    private final UserDatabase users;
    private final LoginFailures failures = new LoginFailures();
    /** The secret a direct connection presents; random per broker, never leaves the JVM. */
    private final String directToken = newToken();

    /** Against {@code users}, whose changes apply to the next login. */
    public Authenticator(BrokerConfig config, UserDatabase users) {
        this.config = config;
        this.users = users;
    }

    /** Against a database holding only the configured default user (tests, and brokers without a store). */
    public Authenticator(BrokerConfig config) {
        this(config, withDefaultUser(config));
    }

    private static UserDatabase withDefaultUser(BrokerConfig config) {
        UserDatabase users = new UserDatabase();
        DefaultUser.createIfNoUsers(users, config);
        return users;
    }

    public UserDatabase users() {
        return users;
    }

    /** The refused logins so far (every connection reports its refusal here). */
    public LoginFailures failures() {
        return failures;
    }

    /** What a login attempt came to. */
    public sealed interface Login {
        /** The authenticated user, empty when refused. */
        default Optional<String> acceptedUser() {
            return this instanceof Accepted a ? Optional.of(a.user()) : Optional.empty();
        }

        /** The credentials are good: {@code user} is authenticated. */
        record Accepted(String user) implements Login {
        }

        /**
         * Refused: {@code user} is the name the client gave (null if the response could not be
         * parsed), {@code reason} what the log says (never sent to the client, as RabbitMQ).
         */
        record Refused(String user, String reason) implements Login {
        }
    }

    /** The connection.start mechanism list for a connection with (or without) a verified client certificate. */
    public String mechanisms(boolean peerCertificate) {
        return String.join(" ", config.authMechanisms().stream()
                .filter(m -> peerCertificate || !m.equals(EXTERNAL)).toList());
    }

    /** The token a direct connection's start-ok carries: {@code user NUL token}. */
    public String directToken() {
        return directToken;
    }

    /** Whether a start-ok with {@code mechanism} may proceed: offered, or a direct login over a local channel. */
    public boolean accepts(String mechanism, boolean peerCertificate, SocketAddress remote) {
        return offers(mechanism, peerCertificate) || (mechanism.equals(DIRECT) && remote instanceof LocalAddress);
    }

    /** Whether {@code mechanism} was offered to such a connection. */
    public boolean offers(String mechanism, boolean peerCertificate) {
        return config.authMechanisms().contains(mechanism) && (peerCertificate || !mechanism.equals(EXTERNAL));
    }

    public Login authenticate(String mechanism, byte[] response, SocketAddress remote) {
        return authenticate(mechanism, response, remote, Optional.empty());
    }

    /** {@code peerName}: who the connection's verified TLS client certificate names, if it has one. */
    public Login authenticate(String mechanism, byte[] response, SocketAddress remote, Optional<String> peerName) {
        if (mechanism.equals(EXTERNAL)) {
            return external(peerName, remote);
        }
        if (mechanism.equals(DIRECT)) {
            return direct(response, remote);
        }
        String[] credentials = switch (mechanism) {
            case "PLAIN" -> plain(response);
            case "AMQPLAIN" -> amqplain(response);
            default -> null;
        };
        if (credentials == null) {
            return new Login.Refused(null, "malformed " + mechanism + " response");
        }
        String user = credentials[0];
        Optional<User> known = users.user(user);
        // why hash even for an unknown user: the refusal then takes as long as a wrong password's, so
        // timing does not tell which user names exist
        boolean ok;
        if (known.isPresent()) {
            ok = known.get().passwordMatches(credentials[1]);
        } else {
            UNKNOWN_USER.passwordMatches(credentials[1]);
            ok = false;
        }
        if (!ok) {
            return new Login.Refused(user, known.isPresent() && !known.get().hasPassword()
                    ? "user '" + user + "' has no password" : "user '" + user + "' - invalid credentials");
        }
        if (config.loopbackUsers().contains(user) && !isLoopback(remote)) {
            return new Login.Refused(user, "user '" + user + "' can only connect via localhost");
        }
        return new Login.Accepted(user);
    }

    /** EXTERNAL: the certificate's name must be a user; no password is asked (RabbitMQ ignores the response). */
    private Login external(Optional<String> peerName, SocketAddress remote) {
        if (peerName.isEmpty()) {
            return new Login.Refused(null, "EXTERNAL login without a verified client certificate");
        }
        String user = peerName.get();
        if (users.user(user).isEmpty()) {
            return new Login.Refused(user, "user '" + user + "' (from the client certificate) does not exist");
        }
        if (config.loopbackUsers().contains(user) && !isLoopback(remote)) {
            return new Login.Refused(user, "user '" + user + "' can only connect via localhost");
        }
        return new Login.Accepted(user);
    }

    /** A direct login: only in-JVM, only with the token, and the user must exist. */
    private Login direct(byte[] response, SocketAddress remote) {
        String s = new String(response, StandardCharsets.UTF_8);
        int nul = s.indexOf('\0');
        if (!(remote instanceof LocalAddress) || nul < 0) {
            return new Login.Refused(null, "direct login from outside the broker");
        }
        String user = s.substring(0, nul);
        byte[] token = s.substring(nul + 1).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(token, directToken.getBytes(StandardCharsets.UTF_8))) {
            return new Login.Refused(user, "direct login with a wrong token");
        }
        if (users.user(user).isEmpty()) {
            return new Login.Refused(user, "user '" + user + "' does not exist");
        }
        return new Login.Accepted(user);
    }

    private static String newToken() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    /** Compared against when the user does not exist; its password is random and never matches. */
    private static final User UNKNOWN_USER = User.withPassword("-", java.util.UUID.randomUUID().toString(), List.of());

    /** Whether Warren implements {@code mechanism} (whether it is offered is {@link #offers}). */
    public static boolean supports(String mechanism) {
        return mechanism.equals("PLAIN") || mechanism.equals("AMQPLAIN") || mechanism.equals(EXTERNAL);
    }

    /** PLAIN: {@code [authzid] NUL authcid NUL passwd} (RFC 4616). */
    private static String[] plain(byte[] response) {
        String s = new String(response, StandardCharsets.UTF_8);
        int first = s.indexOf('\0');
        int second = first < 0 ? -1 : s.indexOf('\0', first + 1);
        if (second < 0) {
            return null;
        }
        return new String[] {s.substring(first + 1, second), s.substring(second + 1)};
    }

    /** AMQPLAIN: a field table without its length prefix, holding LOGIN and PASSWORD. */
    private static String[] amqplain(byte[] response) {
        ByteBuf buf = Unpooled.buffer(response.length + 4).writeInt(response.length).writeBytes(response);
        try {
            FieldTable table = FieldTable.read(buf);
            Object login = table.get("LOGIN");
            Object password = table.get("PASSWORD");
            if (login == null || password == null) {
                return null;
            }
            return new String[] {text(login), text(password)};
        } catch (AmqpException e) {
            return null;
        } finally {
            buf.release();
        }
    }

    private static String text(Object v) {
        return v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : v.toString();
    }

    private static boolean isLoopback(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet) {
            InetAddress address = inet.getAddress();
            return address != null && address.isLoopbackAddress();
        }
        // why: in-JVM transports (EmbeddedChannel, local channels) have no network peer
        return true;
    }
}
