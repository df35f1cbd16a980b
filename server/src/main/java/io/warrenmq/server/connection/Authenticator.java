package io.warrenmq.server.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.server.BrokerConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * SASL PLAIN and AMQPLAIN against the configured default user, with RabbitMQ's loopback rule:
 * users listed in {@code loopback_users} may only connect from a loopback address.
 *
 * <p>Thread-safety: immutable, shareable.
 */
public final class Authenticator {
    public static final String MECHANISMS = "PLAIN AMQPLAIN";

    private final BrokerConfig config;

    public Authenticator(BrokerConfig config) {
        this.config = config;
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

    public Login authenticate(String mechanism, byte[] response, SocketAddress remote) {
        String[] credentials = switch (mechanism) {
            case "PLAIN" -> plain(response);
            case "AMQPLAIN" -> amqplain(response);
            default -> null;
        };
        if (credentials == null) {
            return new Login.Refused(null, "malformed " + mechanism + " response");
        }
        String user = credentials[0];
        if (!constantTimeEquals(user, config.defaultUser())) {
            return new Login.Refused(user, "user '" + user + "' - invalid credentials");
        }
        if (!constantTimeEquals(credentials[1], config.defaultPass())) {
            return new Login.Refused(user, "user '" + user + "' - invalid credentials");
        }
        if (config.loopbackUsers().contains(user) && !isLoopback(remote)) {
            return new Login.Refused(user, "user '" + user + "' can only connect via localhost");
        }
        return new Login.Accepted(user);
    }

    public static boolean supports(String mechanism) {
        return mechanism.equals("PLAIN") || mechanism.equals("AMQPLAIN");
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

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
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
