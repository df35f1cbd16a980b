package io.warrenmq.amqp10.selector;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A parsed selector. Evaluation follows JMS 2.0, 3.8.1.2: values are {@link Boolean}, {@link Long},
 * {@link Double}, {@link String} or null; null is SQL's unknown, carried through arithmetic and
 * comparison and combined by three-valued AND/OR/NOT; comparing or computing with values of
 * different types (a string with a number, a boolean with anything else) is unknown, and strings
 * and booleans compare only with {@code =} and {@code <>}.
 */
sealed interface Expression {
    Object evaluate(MessageView m);

    record Literal(Object value) implements Expression {
        @Override
        public Object evaluate(MessageView m) {
            return value;
        }
    }

    record Identifier(String name) implements Expression {
        @Override
        public Object evaluate(MessageView m) {
            return m.get(name);
        }
    }

    record Not(Expression operand) implements Expression {
        @Override
        public Object evaluate(MessageView m) {
            Boolean b = bool(operand.evaluate(m));
            return b == null ? null : !b;
        }
    }

    record And(Expression left, Expression right) implements Expression {
        @Override
        public Object evaluate(MessageView m) {
            Boolean l = bool(left.evaluate(m));
            if (Boolean.FALSE.equals(l)) {
                return false;
            }
            Boolean r = bool(right.evaluate(m));
            if (Boolean.FALSE.equals(r)) {
                return false;
            }
            return l == null || r == null ? null : true;
        }
    }

    record Or(Expression left, Expression right) implements Expression {
        @Override
        public Object evaluate(MessageView m) {
            Boolean l = bool(left.evaluate(m));
            if (Boolean.TRUE.equals(l)) {
                return true;
            }
            Boolean r = bool(right.evaluate(m));
            if (Boolean.TRUE.equals(r)) {
                return true;
            }
            return l == null || r == null ? null : false;
        }
    }

    enum CompareOp { EQ, NE, LT, LE, GT, GE }

    record Compare(CompareOp op, Expression left, Expression right) implements Expression {
        @Override
        public Object evaluate(MessageView m) {
            return compare(op, left.evaluate(m), right.evaluate(m));
        }
    }

    enum ArithmeticOp { ADD, SUBTRACT, MULTIPLY, DIVIDE }

    record Arithmetic(ArithmeticOp op, Expression left, Expression right) implements Expression {
        @Override
        public Object evaluate(MessageView m) {
            Object l = left.evaluate(m);
            Object r = right.evaluate(m);
            if (!(l instanceof Number a) || !(r instanceof Number b)) {
                return null;
            }
            if (a instanceof Long x && b instanceof Long y) {
                return switch (op) {
                    case ADD -> x + y;
                    case SUBTRACT -> x - y;
                    case MULTIPLY -> x * y;
                    case DIVIDE -> y == 0 ? null : x / y; // no value for an integer division by zero
                };
            }
            double x = a.doubleValue();
            double y = b.doubleValue();
            return switch (op) {
                case ADD -> x + y;
                case SUBTRACT -> x - y;
                case MULTIPLY -> x * y;
                case DIVIDE -> x / y;
            };
        }
    }

    record Negate(Expression operand) implements Expression {
        @Override
        public Object evaluate(MessageView m) {
            Object v = operand.evaluate(m);
            if (v instanceof Long l) {
                return -l;
            }
            return v instanceof Double d ? -d : null;
        }
    }

    record Between(Expression value, Expression low, Expression high, boolean negated) implements Expression {
        @Override
        public Object evaluate(MessageView m) {
            Object v = value.evaluate(m);
            Boolean b = bool(and(compare(CompareOp.GE, v, low.evaluate(m)), compare(CompareOp.LE, v, high.evaluate(m))));
            return b == null ? null : b != negated;
        }
    }

    record In(Expression value, List<Object> values, boolean negated) implements Expression {
        @Override
        public Object evaluate(MessageView m) {
            Object v = value.evaluate(m);
            if (v == null) {
                return null;
            }
            boolean unknown = false;
            for (Object candidate : values) {
                Object eq = compare(CompareOp.EQ, v, candidate);
                if (Boolean.TRUE.equals(eq)) {
                    return !negated;
                }
                unknown |= eq == null;
            }
            return unknown ? null : negated;
        }
    }

    record Like(Expression value, String pattern, Character escape, Pattern regex, boolean negated)
            implements Expression {
        static Like of(Expression value, String pattern, Character escape, boolean negated) throws SelectorException {
            StringBuilder re = new StringBuilder();
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (escape != null && c == escape) {
                    if (i + 1 >= pattern.length()) {
                        throw new SelectorException("LIKE pattern '" + pattern + "' ends with its escape character");
                    }
                    re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
                } else if (c == '%') {
                    re.append(".*");
                } else if (c == '_') {
                    re.append('.');
                } else {
                    re.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return new Like(value, pattern, escape, Pattern.compile(re.toString(), Pattern.DOTALL), negated);
        }

        @Override
        public Object evaluate(MessageView m) {
            Object v = value.evaluate(m);
            if (!(v instanceof String s)) {
                return null;
            }
            return regex.matcher(s).matches() != negated;
        }
    }

    record IsNull(Expression value, boolean negated) implements Expression {
        @Override
        public Object evaluate(MessageView m) {
            return (value.evaluate(m) == null) != negated;
        }
    }

    /** A boolean, or null (unknown) for null and for values that are not booleans. */
    private static Boolean bool(Object v) {
        return v instanceof Boolean b ? b : null;
    }

    private static Object and(Object l, Object r) {
        Boolean a = bool(l);
        Boolean b = bool(r);
        if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
            return false;
        }
        return a == null || b == null ? null : true;
    }

    static Object compare(CompareOp op, Object l, Object r) {
        if (l == null || r == null) {
            return null;
        }
        if (l instanceof Number a && r instanceof Number b) {
            int c = a instanceof Long x && b instanceof Long y ? Long.compare(x, y)
                    : Double.compare(a.doubleValue(), b.doubleValue());
            if (a instanceof Double || b instanceof Double) {
                double x = a.doubleValue();
                double y = b.doubleValue();
                if (Double.isNaN(x) || Double.isNaN(y)) {
                    return op == CompareOp.NE; // NaN equals nothing, as in Java
                }
                c = x < y ? -1 : x > y ? 1 : 0; // -0.0 = 0.0
            }
            return switch (op) {
                case EQ -> c == 0;
                case NE -> c != 0;
                case LT -> c < 0;
                case LE -> c <= 0;
                case GT -> c > 0;
                case GE -> c >= 0;
            };
        }
        boolean sameType = l instanceof String && r instanceof String || l instanceof Boolean && r instanceof Boolean;
        if (!sameType || op != CompareOp.EQ && op != CompareOp.NE) {
            return null;
        }
        return l.equals(r) == (op == CompareOp.EQ);
    }
}
