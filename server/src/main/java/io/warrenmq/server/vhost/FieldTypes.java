package io.warrenmq.server.vhost;

import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.codec.types.FieldValues;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

/**
 * Field-table values as RabbitMQ names and compares them: the type names its error texts print
 * ({@code signedint}, {@code longstr}, ...) and {@code rabbit_misc:type_class/1}, under which every
 * integer type is one class, so an argument given as a short and as a long with the same value is
 * the same argument.
 *
 * <p>Stateless.
 */
public final class FieldTypes {
    private FieldTypes() {
    }

    /** The AMQP field type name RabbitMQ prints in its errors. */
    public static String name(Object v) {
        if (v == null) {
            return "void";
        } else if (v instanceof String || v instanceof byte[]) {
            return "longstr";
        } else if (v instanceof Boolean) {
            return "bool";
        } else if (v instanceof Integer) {
            return "signedint";
        } else if (v instanceof Long) {
            return "long";
        } else if (v instanceof Short) {
            return "short";
        } else if (v instanceof Byte) {
            return "byte";
        } else if (v instanceof FieldValues.UnsignedByte) {
            return "unsignedbyte";
        } else if (v instanceof FieldValues.UnsignedShort) {
            return "unsignedshort";
        } else if (v instanceof FieldValues.UnsignedInt) {
            return "unsignedint";
        } else if (v instanceof Double) {
            return "double";
        } else if (v instanceof Float) {
            return "float";
        } else if (v instanceof BigDecimal) {
            return "decimal";
        } else if (v instanceof Instant) {
            return "timestamp";
        } else if (v instanceof FieldTable) {
            return "table";
        } else if (v instanceof List) {
            return "array";
        }
        return v.getClass().getSimpleName();
    }

    /** Any AMQP integer type widened to long (RabbitMQ's {@code ?INTEGER_ARG_TYPES}), else null. */
    public static Long integer(Object v) {
        if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        if (v instanceof FieldValues.UnsignedByte u) {
            return (long) u.value();
        }
        if (v instanceof FieldValues.UnsignedShort u) {
            return (long) u.value();
        }
        if (v instanceof FieldValues.UnsignedInt u) {
            return u.value();
        }
        return null;
    }

    /**
     * RabbitMQ's {@code assert_args_equivalence}: equal when of the same type class (all integer
     * types are one, float and double another) and equal in value; other values compare by content.
     */
    public static boolean equivalent(Object a, Object b) {
        Long ia = integer(a);
        Long ib = integer(b);
        if (ia != null || ib != null) {
            return ia != null && ia.equals(ib);
        }
        if ((a instanceof Float || a instanceof Double) && (b instanceof Float || b instanceof Double)) {
            return ((Number) a).doubleValue() == ((Number) b).doubleValue();
        }
        // why FieldTable: its equality compares byte[] and nested values by content
        return FieldTable.of(Collections.singletonMap("v", a)).equals(FieldTable.of(Collections.singletonMap("v", b)));
    }
}
