package io.warrenmq.amqp10.codec;

import io.warrenmq.amqp10.codec.Types.Described;
import io.warrenmq.amqp10.codec.Types.Symbol;
import io.warrenmq.amqp10.codec.Types.ULong;
import java.util.Map;

/** error (0x1d): a condition such as {@code amqp:not-found}, a description, optional info. */
public record ErrorCondition(Symbol condition, String description, Map<Object, Object> info) {
    public static final String DECODE_ERROR = "amqp:decode-error";
    public static final String NOT_FOUND = "amqp:not-found";
    public static final String UNAUTHORIZED_ACCESS = "amqp:unauthorized-access";
    public static final String INTERNAL_ERROR = "amqp:internal-error";
    public static final String NOT_IMPLEMENTED = "amqp:not-implemented";
    public static final String NOT_ALLOWED = "amqp:not-allowed";
    public static final String INVALID_FIELD = "amqp:invalid-field";
    public static final String RESOURCE_LOCKED = "amqp:resource-locked";
    public static final String PRECONDITION_FAILED = "amqp:precondition-failed";
    public static final String RESOURCE_LIMIT_EXCEEDED = "amqp:resource-limit-exceeded";
    public static final String FRAMING_ERROR = "amqp:connection:framing-error";
    public static final String WINDOW_VIOLATION = "amqp:session:window-violation";
    public static final String UNATTACHED_HANDLE = "amqp:session:unattached-handle";
    public static final String HANDLE_IN_USE = "amqp:session:handle-in-use";
    public static final String ERRANT_LINK = "amqp:session:errant-link";
    public static final String LINK_DETACH_FORCED = "amqp:link:detach-forced";
    public static final String MESSAGE_SIZE_EXCEEDED = "amqp:link:message-size-exceeded";
    public static final String TRANSFER_LIMIT_EXCEEDED = "amqp:link:transfer-limit-exceeded";

    public static ErrorCondition of(String condition, String description) {
        return new ErrorCondition(Symbol.of(condition), description, null);
    }

    static ErrorCondition decode(Object v) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof Described d) || !d.is(Descriptors.ERROR)) {
            throw new DecodeException("expected an error");
        }
        Fields f = new Fields("error", d.value());
        Symbol condition = f.symbol(0);
        if (condition == null) {
            throw new DecodeException("error field 0 (condition) is mandatory");
        }
        return new ErrorCondition(condition, f.string(1), f.map(2));
    }

    public Described encoded() {
        return new Described(new ULong(Descriptors.ERROR), Fields.trim(condition, description, info));
    }
}
