package io.warrenmq.server.channel;

import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.ReplyCode;
import io.warrenmq.codec.types.LosslessUtf8;

/**
 * Exchange and queue names as RabbitMQ takes them from a client: every LF and CR removed
 * (rabbit_channel:strip_cr_lf), so "a\nb" and "ab" name one object. RabbitMQ does this where a
 * method creates, deletes, binds or passively declares an entity (exchange.declare/delete/bind/unbind,
 * queue.declare/delete/bind/unbind), not for basic.publish, basic.consume, basic.get or queue.purge,
 * nor for routing keys.
 *
 * <p>Names and keys the broker keeps (queue and exchange names, binding keys, consumer tags) must be
 * valid UTF-8: the codec reads malformed octets losslessly ({@link LosslessUtf8}), so two such names are
 * never one, but the journal, the definitions and the management API's JSON hold names as Unicode text.
 * RabbitMQ keeps them as binaries and takes them; Warren refuses them with a channel error instead of
 * storing what it could not give back (docs/hardening.md).
 *
 * <p>Stateless.
 */
final class EntityNames {
    private EntityNames() {
    }

    static String strip(String name) {
        if (name.indexOf('\n') < 0 && name.indexOf('\r') < 0) {
            return name; // why: the common case allocates nothing
        }
        StringBuilder kept = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != '\n' && c != '\r') {
                kept.append(c);
            }
        }
        return kept.toString();
    }

    /**
     * {@code value}, if it came as valid UTF-8.
     *
     * @throws AmqpException 406 PRECONDITION_FAILED (a channel error) naming the malformed octets as \xHH
     */
    static String requireUtf8(String what, String value) {
        if (LosslessUtf8.hasEscapes(value)) {
            throw AmqpException.of(ReplyCode.PRECONDITION_FAILED, "%s '%s' is not valid UTF-8", what,
                    LosslessUtf8.printable(value));
        }
        return value;
    }
}
