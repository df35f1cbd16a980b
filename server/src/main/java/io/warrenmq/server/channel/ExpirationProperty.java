package io.warrenmq.server.channel;

import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.ReplyCode;
import java.math.BigInteger;

/**
 * The {@code expiration} property checked at publish as RabbitMQ checks it
 * ({@code rabbit_channel:check_expiration_header/1} over {@code rabbit_basic:parse_expiration/1}):
 * an optional sign and decimal digits, read as Erlang's {@code string:to_integer/1} reads them,
 * nothing after them, at least 0 and at most ten years of milliseconds
 * ({@code rabbit_misc:check_expiry/1} since 3.10.x). Anything else closes the channel with 406,
 * e.g. {@code invalid expiration '1000foo': {leftover_string,"foo"}}.
 *
 * <p>Stateless.
 */
final class ExpirationProperty {
    /** RabbitMQ's ceiling: ten years in milliseconds. */
    static final long MAX = 315_360_000_000L;

    private ExpirationProperty() {
    }

    /** The TTL in milliseconds; throws RabbitMQ's 406 when {@code value} is not a valid expiration. */
    static long check(String value) {
        int i = 0;
        if (i < value.length() && (value.charAt(i) == '+' || value.charAt(i) == '-')) {
            i++;
        }
        int digits = i;
        while (i < value.length() && value.charAt(i) >= '0' && value.charAt(i) <= '9') {
            i++;
        }
        if (i == digits) {
            throw invalid(value, "no_integer");
        }
        if (i < value.length()) {
            throw invalid(value, "{leftover_string," + erlangString(value.substring(i)) + "}");
        }
        BigInteger n = new BigInteger(value.substring(0, i));
        if (n.signum() < 0) {
            throw invalid(value, "{value_negative," + n + "}");
        }
        if (n.compareTo(BigInteger.valueOf(MAX)) > 0) {
            throw invalid(value, "{value_too_large," + n + "}");
        }
        return n.longValueExact();
    }

    private static AmqpException invalid(String value, String reason) {
        return AmqpException.of(ReplyCode.PRECONDITION_FAILED, "invalid expiration '%s': %s", value, reason);
    }

    /** A string as Erlang's {@code ~tp} prints it (quoted, quotes and backslashes escaped). */
    private static String erlangString(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
