package io.warrenmq.exchange;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Equality rules for decoded field-table values, mirroring how RabbitMQ compares the Erlang terms it decodes
 * field tables into ({@code rabbit_binary_parser}: {@code {Name, Type, Value}} triples).
 *
 * <ul>
 *   <li>{@link #sameTerm}: typed, exact equality, as RabbitMQ uses for binding identity (Integer 1 is not
 *       Long 1; byte[] by content). Top-level and nested maps compare as unordered key sets.</li>
 *   <li>{@link #headerEquals}: the headers exchange's value test, Erlang {@code PV == DV} on the <em>untyped</em>
 *       values ({@code rabbit_exchange_type_headers:headers_match/5}). Consequences, all as RabbitMQ:
 *       any integral types compare by numeric value (byte 1 == int 1 == long 1), an integer equals a float or
 *       double of the same value (1 == 1.0), a timestamp equals an integer of the same epoch second, a longstr
 *       equals a byte array with the same UTF-8 bytes, a decimal equals only a decimal with the same scale and
 *       unscaled value (it is an Erlang tuple), a boolean equals only a boolean. Array elements and nested table
 *       values keep their type tags in Erlang, so inside them the field type must match too.</li>
 * </ul>
 * Deviation: nested tables compare as unordered maps; RabbitMQ compares nested tables in wire order.
 *
 * <p>Thread-safety: stateless.
 */
final class FieldValues {

    private FieldValues() {
    }

    /** Typed, exact equality (binding identity). */
    static boolean sameTerm(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null || a.getClass() != b.getClass() && !(a instanceof Map && b instanceof Map)
                && !(a instanceof List && b instanceof List)) {
            return false;
        }
        if (a instanceof byte[] x) {
            return Arrays.equals(x, (byte[]) b);
        }
        if (a instanceof List<?> x) {
            List<?> y = (List<?>) b;
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<?> i = x.iterator();
            Iterator<?> j = y.iterator();
            while (i.hasNext()) {
                if (!sameTerm(i.next(), j.next())) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x) {
            Map<?, ?> y = (Map<?, ?>) b;
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !sameTerm(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** A hash consistent with {@link #sameTerm}. */
    static int termHash(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof byte[] x) {
            return Arrays.hashCode(x);
        }
        if (v instanceof List<?> x) {
            int h = 1;
            for (Object e : x) {
                h = 31 * h + termHash(e);
            }
            return h;
        }
        if (v instanceof Map<?, ?> x) {
            int h = 0;
            for (Map.Entry<?, ?> e : x.entrySet()) {
                h += Objects.hashCode(e.getKey()) ^ termHash(e.getValue());
            }
            return h;
        }
        return v.hashCode();
    }

    /** RabbitMQ's headers-exchange value test: Erlang {@code ==} on the untyped values (see class javadoc). */
    static boolean headerEquals(Object bindingValue, Object headerValue) {
        if (bindingValue == null || headerValue == null) {
            return bindingValue == headerValue; // void is the atom 'undefined'
        }
        if (bindingValue instanceof String s) {
            if (headerValue instanceof String t) {
                return s.equals(t);
            }
            return headerValue instanceof byte[] t && Arrays.equals(s.getBytes(StandardCharsets.UTF_8), t);
        }
        if (bindingValue instanceof byte[] s) {
            if (headerValue instanceof byte[] t) {
                return Arrays.equals(s, t);
            }
            return headerValue instanceof String t && Arrays.equals(s, t.getBytes(StandardCharsets.UTF_8));
        }
        if (isNumber(bindingValue) && isNumber(headerValue)) {
            return numericEquals(bindingValue, headerValue);
        }
        if (bindingValue instanceof List<?> x) {
            if (!(headerValue instanceof List<?> y) || x.size() != y.size()) {
                return false;
            }
            Iterator<?> j = y.iterator();
            for (Object e : x) {
                if (!typedEquals(e, j.next())) {
                    return false;
                }
            }
            return true;
        }
        if (bindingValue instanceof Map<?, ?> x) {
            if (!(headerValue instanceof Map<?, ?> y) || x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !typedEquals(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return bindingValue.equals(headerValue); // Boolean, BigDecimal (scale-sensitive, an Erlang tuple), others
    }

    /** Equality of an Erlang {@code {Type, Value}} pair: same field type, then {@code ==} on the values. */
    private static boolean typedEquals(Object a, Object b) {
        return typeName(a).equals(typeName(b)) && headerEquals(a, b);
    }

    // why: BigDecimal is excluded; an AMQP decimal is the Erlang tuple {Scale, Unscaled}, not a number
    private static boolean isNumber(Object v) {
        return v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long
                || v instanceof Float || v instanceof Double || v instanceof Instant;
    }

    private static boolean isIntegral(Object v) {
        return v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long
                || v instanceof Instant;
    }

    private static long integralValue(Object v) {
        return v instanceof Instant i ? i.getEpochSecond() : ((Number) v).longValue();
    }

    private static boolean numericEquals(Object a, Object b) {
        boolean ai = isIntegral(a);
        boolean bi = isIntegral(b);
        if (ai && bi) {
            return integralValue(a) == integralValue(b);
        }
        if (!ai && !bi) {
            return ((Number) a).doubleValue() == ((Number) b).doubleValue();
        }
        long l = integralValue(ai ? a : b);
        double d = ((Number) (ai ? b : a)).doubleValue();
        // why: exact comparison, as Erlang; (double) l would round large longs and report false equalities
        return !Double.isNaN(d) && !Double.isInfinite(d) && new BigDecimal(d).compareTo(BigDecimal.valueOf(l)) == 0;
    }

    /** The RabbitMQ field type name ({@code rabbit_binary_parser}) a decoded Java value stands for. */
    static String typeName(Object v) {
        if (v == null) {
            return "void";
        }
        if (v instanceof String) {
            return "longstr";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof Byte) {
            return "byte";
        }
        if (v instanceof Short) {
            return "short";
        }
        if (v instanceof Integer) {
            return "signedint";
        }
        if (v instanceof Long) {
            return "long";
        }
        if (v instanceof Float) {
            return "float";
        }
        if (v instanceof Double) {
            return "double";
        }
        if (v instanceof BigDecimal) {
            return "decimal";
        }
        if (v instanceof byte[]) {
            return "binary";
        }
        if (v instanceof List) {
            return "array";
        }
        if (v instanceof Map) {
            return "table";
        }
        if (v instanceof Instant) {
            return "timestamp";
        }
        return v.getClass().getSimpleName();
    }

    /** Formats a value roughly as Erlang's {@code ~tp} would print the decoded term, for error texts. */
    static String erlangFormat(Object v) {
        if (v == null) {
            return "undefined";
        }
        if (v instanceof String s) {
            return "<<\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\">>";
        }
        if (v instanceof byte[] b) {
            return erlangFormat(new String(b, StandardCharsets.UTF_8));
        }
        if (v instanceof Instant i) {
            return Long.toString(i.getEpochSecond());
        }
        if (v instanceof BigDecimal d) {
            return "{" + d.scale() + "," + d.unscaledValue() + "}";
        }
        return String.valueOf(v);
    }
}
