package io.warrenmq.amqp10.broker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * RabbitMQ's v2 addresses: {@code /queues/:queue}, {@code /exchanges/:exchange} and
 * {@code /exchanges/:exchange/:routing-key}, each segment percent-encoded (RFC 3986: unreserved
 * characters as they are, every other UTF-8 octet as {@code %XX}).
 */
public final class Addresses {
    /** Offered to qpid-jms as {@code topic-prefix}: {@code /topics/:key} is amq.topic with that key. */
    public static final String TOPIC_PREFIX = "/topics/";

    private Addresses() {
    }

    /** Where a message sent to (or a consumer attached to) an address goes. */
    public sealed interface Address {
    }

    public record QueueAddress(String queue) implements Address {
    }

    public record ExchangeAddress(String exchange, String routingKey) implements Address {
    }

    /** Parses a v2 address; throws IllegalArgumentException with a reason the client can read. */
    public static Address parse(String address) {
        if (address == null) {
            throw new IllegalArgumentException("a null address is not supported (no anonymous relay yet)");
        }
        if (address.startsWith("/queues/")) {
            String rest = address.substring("/queues/".length());
            if (rest.isEmpty() || rest.contains("/")) {
                throw new IllegalArgumentException("bad queue address '" + address + "'");
            }
            return new QueueAddress(decode(rest));
        }
        if (address.startsWith("/exchanges/")) {
            String rest = address.substring("/exchanges/".length());
            int slash = rest.indexOf('/');
            String exchange = decode(slash < 0 ? rest : rest.substring(0, slash));
            String key = slash < 0 ? "" : decode(rest.substring(slash + 1));
            if (exchange.isEmpty() || (slash >= 0 && rest.substring(slash + 1).contains("/"))) {
                throw new IllegalArgumentException("bad exchange address '" + address + "'");
            }
            if (exchange.equals("amq.default")) {
                throw new IllegalArgumentException("the default exchange is addressed as /queues/:queue");
            }
            return new ExchangeAddress(exchange, key);
        }
        if (address.startsWith(TOPIC_PREFIX)) {
            // the topic-prefix we offer qpid-jms: a JMS topic is a routing key of amq.topic
            String key = address.substring(TOPIC_PREFIX.length());
            if (key.isEmpty()) {
                throw new IllegalArgumentException("bad topic address '" + address + "'");
            }
            return new ExchangeAddress("amq.topic", decode(key));
        }
        throw new IllegalArgumentException("address '" + address + "' is not a v2 address (/queues/:queue, "
                + "/exchanges/:exchange[/:routing-key], /topics/:key)");
    }

    public static String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new IllegalArgumentException("bad percent-encoding in '" + s + "'");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad percent-encoding in '" + s + "'");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                // a non-ASCII character (surrogate pairs included) as its UTF-8 octets
                int end = Character.isHighSurrogate(c) && i + 1 < s.length() ? i + 2 : i + 1;
                byte[] b = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i = end - 1;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    public static String encode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
