package io.warrenmq.server.vhost;

import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.ReplyCode;
import io.warrenmq.codec.types.FieldTable;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;

/**
 * RabbitMQ's redeclare rule: declaring an existing exchange or queue with different attributes
 * is a 406, with the text naming the first attribute that differs. As in RabbitMQ, only the
 * arguments that change behaviour are compared; other keys may differ freely.
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
            // why: FieldTable equality compares byte[] and nested values by content
            boolean same = inReceived == inCurrent
                    && FieldTable.of(Collections.singletonMap(key, received.get(key)))
                            .equals(FieldTable.of(Collections.singletonMap(key, current.get(key))));
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
        // RabbitMQ names the AMQP field type (longstr, signedint, long...), as rabbit_misc:val does
        Object shown = v instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : v;
        return "the value '" + shown + "' of type '" + io.warrenmq.server.queue.QueueArguments.typeName(v) + "'";
    }
}
