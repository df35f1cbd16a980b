package io.warrenmq.server.vhost;

import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.ReplyCode;
import io.warrenmq.codec.types.FieldTable;
import java.util.Collection;
import java.util.Collections;
import io.warrenmq.codec.types.FieldValues;
import java.util.Objects;
import java.util.Set;

/**
 * RabbitMQ's redeclare rule: declaring an existing exchange or queue with different attributes
 * is a 406, with the text naming the first attribute that differs. As in RabbitMQ, only the
 * arguments that change behaviour are compared; other keys may differ freely; and they are
 * compared as {@code rabbit_misc:assert_args_equivalence} does, by type class and value (every
 * integer type is one class), so a TTL redeclared as a long where it was an int is the same.
 */
public final class Equivalence {
    /** Exchange arguments RabbitMQ compares on redeclare. */
    public static final Set<String> EXCHANGE_ARGUMENTS = Set.of("alternate-exchange");

    /** Queue arguments RabbitMQ compares on redeclare. */
    public static final Set<String> QUEUE_ARGUMENTS = Set.of("x-expires", "x-message-ttl", "x-max-length",
            "x-max-length-bytes", "x-max-priority", "x-overflow", "x-dead-letter-exchange",
            "x-dead-letter-routing-key", "x-queue-mode", "x-queue-type", "x-single-active-consumer",
            "x-delivery-limit", "x-queue-master-locator", "x-queue-leader-locator");

    private Equivalence() {
    }

    public static void check(String kind, String entity, String vhost, String attribute, Object received,
            Object current) {
        if (!Objects.equals(received, current)) {
            throw AmqpException.of(ReplyCode.PRECONDITION_FAILED,
                    "inequivalent arg '%s' for %s '%s' in vhost '%s': received '%s' but current is '%s'",
                    attribute, kind, entity, vhost, received, current);
        }
    }

    public static void checkArguments(String kind, String entity, String vhost, FieldTable received,
            FieldTable current, Collection<String> keys) {
        for (String key : keys) {
            boolean inReceived = received.containsKey(key);
            boolean inCurrent = current.containsKey(key);
            if (!inReceived && !inCurrent) {
                continue;
            }
            if (key.equals("x-queue-type") && queueType(inReceived, received).equals(queueType(inCurrent, current))) {
                continue; // rabbit_misc: no x-queue-type is the same as 'classic'
            }
            // RabbitMQ compares type class and value: 1000 as a short and as a long are the same TTL
            boolean same = inReceived == inCurrent && FieldTypes.equivalent(received.get(key), current.get(key));
            if (!same) {
                throw AmqpException.of(ReplyCode.PRECONDITION_FAILED,
                        "inequivalent arg '%s' for %s '%s' in vhost '%s': received %s but current is %s",
                        key, kind, entity, vhost, describe(inReceived, received.get(key)),
                        describe(inCurrent, current.get(key)));
            }
        }
    }

    private static String queueType(boolean present, FieldTable arguments) {
        if (!present) {
            return "classic";
        }
        Object v = arguments.get("x-queue-type");
        return v instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(v);
    }

    private static String describe(boolean present, Object v) {
        if (!present) {
            return "none";
        }
        String value = v instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8)
                : v instanceof FieldValues.UnsignedByte u ? String.valueOf(u.value())
                : v instanceof FieldValues.UnsignedShort u ? String.valueOf(u.value())
                : v instanceof FieldValues.UnsignedInt u ? String.valueOf(u.value())
                : String.valueOf(v);
        return "the value '" + value + "' of type '" + FieldTypes.name(v) + "'";
    }

    /** exchange.declare of an existing exchange (also a definitions import): 406 unless equivalent. */
    public static void checkExchange(Exchange existing, String vhost, Exchange proposed) {
        String n = existing.name();
        check("exchange", n, vhost, "type", proposed.type().wireName(), existing.type().wireName());
        check("exchange", n, vhost, "durable", proposed.durable(), existing.durable());
        check("exchange", n, vhost, "auto_delete", proposed.autoDelete(), existing.autoDelete());
        check("exchange", n, vhost, "internal", proposed.internal(), existing.internal());
        checkArguments("exchange", n, vhost, proposed.arguments(), existing.arguments(), EXCHANGE_ARGUMENTS);
    }

    /**
     * queue.declare of an existing queue (also a definitions import): 406 unless durable,
     * auto_delete and the compared arguments agree (a quorum queue compares its own argument list).
     */
    public static void checkQueue(io.warrenmq.server.queue.Queue existing, String vhost, boolean durable,
            boolean autoDelete, FieldTable arguments) {
        String n = existing.name();
        check("queue", n, vhost, "durable", durable, existing.durable());
        check("queue", n, vhost, "auto_delete", autoDelete, existing.autoDelete());
        checkArguments("queue", n, vhost, arguments, existing.arguments(),
                io.warrenmq.server.queue.QueueType.of(existing.arguments()) == io.warrenmq.server.queue.QueueType.QUORUM
                        ? io.warrenmq.server.queue.QueueType.QUORUM_ARGUMENTS : QUEUE_ARGUMENTS);
    }
}
