package io.warrenmq.server.queue;

import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.ReplyCode;
import io.warrenmq.codec.types.FieldTable;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A queue's {@code x-queue-type}, with the declare rules RabbitMQ 3.13 applies per type
 * (rabbit_amqqueue:check_declare_arguments, rabbit_quorum_queue:declare, the types' capabilities).
 *
 * <p>{@code classic} is Warren's queue, validated as before. {@code quorum} follows RabbitMQ's quorum
 * declare rules and is kept as a durable, single-replica Warren queue that still says {@code quorum}
 * in its arguments (so redeclare equivalence, the definitions and a later management API see the
 * type) until replication exists. {@code stream} is refused: streams do not exist in Warren, and a
 * stream must never silently become a classic queue.
 *
 * <p>Immutable.
 */
public enum QueueType {
    CLASSIC("classic", "rabbit_classic_queue"),
    QUORUM("quorum", "rabbit_quorum_queue"),
    STREAM("stream", "rabbit_stream_queue");

    public static final String ARGUMENT = "x-queue-type";

    /**
     * Arguments of other queue types that a quorum queue refuses by name, whatever their value:
     * every type's {@code queue_arguments} capability in RabbitMQ 3.13 minus the quorum queue's.
     */
    private static final List<String> REFUSED_BY_QUORUM = List.of("x-max-priority", "x-queue-mode",
            "x-queue-version", "x-queue-master-locator", "x-max-age", "x-stream-max-segment-size-bytes",
            "x-initial-cluster-size");

    /**
     * The arguments RabbitMQ compares when a quorum queue is redeclared (its {@code queue_arguments}
     * capability), in RabbitMQ's order.
     */
    public static final List<String> QUORUM_ARGUMENTS = List.of("x-dead-letter-exchange",
            "x-dead-letter-routing-key", "x-dead-letter-strategy", "x-expires", "x-max-length",
            "x-max-length-bytes", "x-max-in-memory-length", "x-max-in-memory-bytes", "x-overflow",
            "x-single-active-consumer", "x-queue-type", "x-quorum-initial-group-size", "x-delivery-limit",
            "x-message-ttl", "x-queue-leader-locator");

    private final String wireName;
    private final String module;

    QueueType(String wireName, String module) {
        this.wireName = wireName;
        this.module = module;
    }

    public String wireName() {
        return wireName;
    }

    /**
     * The type the arguments name, for a queue that exists or for choosing how to validate: an
     * absent, unknown or mistyped {@code x-queue-type} reads as classic (the checks that refuse those
     * run for new queues only, in {@link #declared}).
     */
    public static QueueType of(FieldTable arguments) {
        String name = text(arguments.get(ARGUMENT));
        for (QueueType t : values()) {
            if (t.wireName.equals(name)) {
                return t;
            }
        }
        return CLASSIC;
    }

    /**
     * The type of a queue about to be created; RabbitMQ's check of {@code x-queue-type}: a type it
     * does not know, or a value that is not a string, is a 406.
     */
    public static QueueType declared(FieldTable arguments, String queue, String vhost) {
        if (!arguments.containsKey(ARGUMENT)) {
            return CLASSIC;
        }
        Object v = arguments.get(ARGUMENT);
        if (!(v instanceof String) && !(v instanceof byte[])) {
            throw invalid(ARGUMENT, queue, vhost, "{unacceptable_type," + QueueArguments.typeName(v) + "}");
        }
        QueueType type = of(arguments);
        String name = text(v);
        if (!type.wireName.equals(name)) {
            throw invalid(ARGUMENT, queue, vhost, "\"unsupported queue type '" + name + "'\"");
        }
        return type;
    }

    /**
     * The declare arguments with the vhost's {@code default_queue_type} applied, as RabbitMQ 3.13's
     * rabbit_amqqueue:augment_declare_args does: only when the declare names no type and the default
     * type can hold such a queue (quorum, stream: durable, not exclusive, not auto-delete).
     *
     * <p>A classic default changes nothing. Warren's vhosts say "classic" when no default was chosen
     * (the default vhost does), while RabbitMQ's default vhost has no default_queue_type and leaves
     * the arguments alone; and no x-queue-type is equivalent to classic on every redeclare anyway.
     */
    public static FieldTable withVhostDefault(FieldTable arguments, String defaultType, boolean durable,
            boolean exclusive, boolean autoDelete) {
        if (defaultType == null || defaultType.isEmpty() || arguments.containsKey(ARGUMENT)) {
            return arguments;
        }
        QueueType type = of(FieldTable.EMPTY.with(ARGUMENT, defaultType));
        boolean applies = type != CLASSIC && durable && !exclusive && !autoDelete;
        return applies ? arguments.with(ARGUMENT, defaultType) : arguments;
    }

    /** RabbitMQ refuses a server-named queue of a replicated type before anything else. */
    public void checkServerNamed() {
        if (this != CLASSIC) {
            throw AmqpException.of(ReplyCode.PRECONDITION_FAILED, "Cannot declare a server-named queue for type %s",
                    module);
        }
    }

    /**
     * The arguments this type validates by value ({@link QueueArguments#parse} and the checks
     * here): a quorum queue refuses the other types' keys by name instead, after the values.
     */
    public FieldTable validatedArguments(FieldTable arguments) {
        if (this != QUORUM) {
            return arguments;
        }
        FieldTable kept = arguments;
        for (String key : REFUSED_BY_QUORUM) {
            kept = kept.without(key);
        }
        return kept;
    }

    /**
     * The rules for a new queue of this type, after the argument values were validated, in
     * RabbitMQ's order: quorum-only argument values, other types' keys, then the queue's
     * properties (rabbit_queue_type_util: auto-delete, exclusive, non-durable).
     */
    public void checkNew(FieldTable arguments, String queue, String vhost, boolean durable, boolean exclusive,
            boolean autoDelete) {
        if (this == STREAM) {
            throw AmqpException.of(ReplyCode.PRECONDITION_FAILED,
                    "cannot declare queue '%s' in vhost '%s': queue type 'stream' is not supported by this broker "
                            + "(streams are not implemented)", queue, vhost);
        }
        if (this != QUORUM) {
            return;
        }
        checkQuorumValues(arguments, queue, vhost);
        for (String key : arguments.asMap().keySet()) {
            if (REFUSED_BY_QUORUM.contains(key)) {
                throw AmqpException.of(ReplyCode.PRECONDITION_FAILED,
                        "invalid arg '%s' for queue '%s' in vhost '%s' of queue type %s", key, queue, vhost, module);
            }
        }
        String refused = autoDelete ? "auto-delete" : exclusive ? "exclusive-owner" : !durable ? "non-durable" : null;
        if (refused != null) {
            throw AmqpException.of(ReplyCode.PRECONDITION_FAILED, "invalid property '%s' for queue '%s' in vhost '%s'",
                    refused, queue, vhost);
        }
    }

    /** The values of the arguments only quorum queues take, with rabbit_amqqueue's error terms. */
    private static void checkQuorumValues(FieldTable arguments, String queue, String vhost) {
        if (arguments.containsKey("x-dead-letter-strategy")) {
            oneOf(arguments, "x-dead-letter-strategy", List.of("at-most-once", "at-least-once"), "invalid_dlx_strategy",
                    queue, vhost);
        }
        if (arguments.containsKey("x-quorum-initial-group-size")) {
            Object v = arguments.get("x-quorum-initial-group-size");
            Long n = QueueArguments.asLong(v);
            if (n == null) {
                throw invalid("x-quorum-initial-group-size", queue, vhost,
                        "\"expected integer, got " + QueueArguments.typeName(v) + "\"");
            } else if (n < 0) {
                throw invalid("x-quorum-initial-group-size", queue, vhost, "{value_negative," + n + "}");
            } else if (n == 0) {
                throw invalid("x-quorum-initial-group-size", queue, vhost, "{value_zero,0}");
            }
        }
        if (arguments.containsKey("x-queue-leader-locator")) {
            oneOf(arguments, "x-queue-leader-locator", List.of("client-local", "balanced"), "invalid_queue_locator_arg",
                    queue, vhost);
        }
    }

    private static void oneOf(FieldTable arguments, String key, List<String> allowed, String error, String queue,
            String vhost) {
        Object v = arguments.get(key);
        String s = text(v);
        if (s == null) {
            throw invalid(key, queue, vhost, "{unacceptable_type," + QueueArguments.typeName(v) + "}");
        }
        if (!allowed.contains(s)) {
            throw invalid(key, queue, vhost, error);
        }
    }

    /** A longstr argument's text (the Java client sends String, other clients may send bytes); else null. */
    private static String text(Object v) {
        return v instanceof String s ? s : v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : null;
    }

    private static AmqpException invalid(String key, String queue, String vhost, String error) {
        return AmqpException.of(ReplyCode.PRECONDITION_FAILED, "invalid arg '%s' for queue '%s' in vhost '%s': %s",
                key, queue, vhost, error);
    }
}
