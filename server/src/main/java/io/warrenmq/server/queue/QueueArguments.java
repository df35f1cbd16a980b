package io.warrenmq.server.queue;

import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.ReplyCode;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.server.vhost.FieldTypes;

/**
 * The {@code x-} arguments of {@code queue.declare} that change a queue's behaviour, validated
 * the way RabbitMQ's {@code rabbit_amqqueue:declare_args/0} validates them: a wrong type or value
 * is a 406 with RabbitMQ's text, e.g.
 * {@code invalid arg 'x-message-ttl' for queue 'q' in vhost '/': {value_negative,-1}}, and nothing
 * is created. Unknown keys are kept and ignored, as RabbitMQ ignores them.
 *
 * <p>Immutable.
 */
public record QueueArguments(
        Long messageTtl,
        Long expires,
        Long maxLength,
        Long maxLengthBytes,
        Overflow overflow,
        String deadLetterExchange,
        String deadLetterRoutingKey,
        Integer maxPriority,
        boolean singleActiveConsumer,
        Long deliveryLimit) {

    /** What a full queue does with the next publish ({@code x-overflow}). */
    public enum Overflow {
        DROP_HEAD("drop-head"),
        REJECT_PUBLISH("reject-publish"),
        REJECT_PUBLISH_DLX("reject-publish-dlx");

        private final String wireName;

        Overflow(String wireName) {
            this.wireName = wireName;
        }

        static Overflow of(String name) {
            for (Overflow o : values()) {
                if (o.wireName.equals(name)) {
                    return o;
                }
            }
            return null;
        }
    }

    public static final QueueArguments NONE =
            new QueueArguments(null, null, null, null, Overflow.DROP_HEAD, null, null, null, false, null);

    /**
     * RabbitMQ's ceiling for TTLs and queue expiry ({@code rabbit_misc:check_expiry/1} since
     * 3.10.x): ten years, in milliseconds.
     */
    static final long MAX_EXPIRY = 315_360_000_000L;

    /** Parses and validates; throws a 406 naming the first offending argument. */
    public static QueueArguments parse(FieldTable args, String queue, String vhost) {
        if (args.isEmpty()) {
            return NONE;
        }
        Check c = new Check(args, queue, vhost);
        Long ttl = c.nonNegativeInt("x-message-ttl", MAX_EXPIRY);
        Long expires = c.positiveInt("x-expires", MAX_EXPIRY);
        Long maxLength = c.nonNegativeInt("x-max-length", Long.MAX_VALUE);
        Long maxLengthBytes = c.nonNegativeInt("x-max-length-bytes", Long.MAX_VALUE);
        c.nonNegativeInt("x-max-in-memory-length", Long.MAX_VALUE);
        c.nonNegativeInt("x-max-in-memory-bytes", Long.MAX_VALUE);
        Long priority = c.nonNegativeInt("x-max-priority", Long.MAX_VALUE);
        if (priority != null && priority > 255) {
            throw c.invalid("x-max-priority", "{value_out_of_range," + priority + "}");
        }
        Overflow overflow = Overflow.DROP_HEAD;
        String overflowName = c.string("x-overflow");
        if (overflowName != null) {
            overflow = Overflow.of(overflowName);
            if (overflow == null) {
                throw c.invalid("x-overflow", "{invalid_overflow,<<\"" + overflowName + "\">>}");
            }
        }
        String dlx = c.string("x-dead-letter-exchange");
        String dlrk = c.string("x-dead-letter-routing-key");
        if (dlrk != null && dlx == null) {
            throw c.invalid("x-dead-letter-routing-key", "routing_key_but_no_dlx_defined");
        }
        Boolean sac = c.bool("x-single-active-consumer");
        String mode = c.string("x-queue-mode");
        if (mode != null && !mode.equals("default") && !mode.equals("lazy")) {
            throw c.invalid("x-queue-mode", "{unsupported_queue_mode,<<\"" + mode + "\">>}");
        }
        Long deliveryLimit = c.nonNegativeInt("x-delivery-limit", Long.MAX_VALUE);
        return new QueueArguments(ttl, expires, maxLength, maxLengthBytes, overflow, dlx, dlrk,
                priority == null ? null : priority.intValue(), Boolean.TRUE.equals(sac), deliveryLimit);
    }

    /** Validation of one table, with RabbitMQ's error terms. */
    private static final class Check {
        private final FieldTable args;
        private final String queue;
        private final String vhost;

        Check(FieldTable args, String queue, String vhost) {
            this.args = args;
            this.queue = queue;
            this.vhost = vhost;
        }

        AmqpException invalid(String key, String error) {
            return AmqpException.of(ReplyCode.PRECONDITION_FAILED, "invalid arg '%s' for queue '%s' in vhost '%s': %s",
                    key, queue, vhost, error);
        }

        private Object value(String key) {
            return args.containsKey(key) ? args.get(key) : null;
        }

        Long integer(String key) {
            Object v = value(key);
            if (v == null && !args.containsKey(key)) {
                return null;
            }
            Long n = asLong(v);
            if (n == null) {
                throw invalid(key, "{unacceptable_type," + typeName(v) + "}");
            }
            return n;
        }

        Long nonNegativeInt(String key, long max) {
            Long n = integer(key);
            if (n != null && n < 0) {
                throw invalid(key, "{value_negative," + n + "}");
            }
            if (n != null && n > max) {
                throw invalid(key, "{value_too_large," + n + "}");
            }
            return n;
        }

        Long positiveInt(String key, long max) {
            Long n = nonNegativeInt(key, max);
            if (n != null && n == 0) {
                throw invalid(key, "{value_zero,0}");
            }
            return n;
        }

        String string(String key) {
            if (!args.containsKey(key)) {
                return null;
            }
            Object v = args.get(key);
            if (v instanceof String s) {
                return s;
            }
            if (v instanceof byte[] b) {
                return new String(b, java.nio.charset.StandardCharsets.UTF_8);
            }
            throw invalid(key, "{unacceptable_type," + typeName(v) + "}");
        }

        Boolean bool(String key) {
            if (!args.containsKey(key)) {
                return null;
            }
            Object v = args.get(key);
            if (v instanceof Boolean b) {
                return b;
            }
            throw invalid(key, "{unacceptable_type," + typeName(v) + "}");
        }
    }

    /** Any AMQP integer type widened to long (RabbitMQ's ?INTEGER_ARG_TYPES), else null. */
    static Long asLong(Object v) {
        return FieldTypes.integer(v);
    }

    /** The AMQP field type name RabbitMQ prints in its errors. */
    public static String typeName(Object v) {
        return FieldTypes.name(v);
    }
}
