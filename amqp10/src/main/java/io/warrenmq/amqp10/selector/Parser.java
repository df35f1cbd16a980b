package io.warrenmq.amqp10.selector;

import io.warrenmq.amqp10.selector.Expression.ArithmeticOp;
import io.warrenmq.amqp10.selector.Expression.CompareOp;
import io.warrenmq.amqp10.selector.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive descent over JMS 2.0's selector grammar (3.8.1.1), loosest first: OR, AND, NOT, the
 * comparison-level predicates (=, &lt;&gt;, &lt;, &lt;=, &gt;, &gt;=, [NOT] BETWEEN, [NOT] IN,
 * [NOT] LIKE ... [ESCAPE], IS [NOT] NULL), + and -, * and /, unary sign. What must be a condition
 * (the whole selector, the operands of AND, OR and NOT) may not be an arithmetic expression or a
 * non-boolean literal.
 */
final class Parser {
    private final List<Token> tokens;
    private int pos;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static Expression parse(String selector) throws SelectorException {
        Parser p = new Parser(Lexer.tokens(selector));
        if (p.peek().kind() == Kind.END) {
            throw new SelectorException("empty selector");
        }
        Expression e = p.condition(p.or());
        if (p.peek().kind() != Kind.END) {
            throw p.unexpected();
        }
        return e;
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private boolean accept(Kind k) {
        if (peek().kind() == k) {
            pos++;
            return true;
        }
        return false;
    }

    private Token expect(Kind k, String what) throws SelectorException {
        if (peek().kind() != k) {
            throw new SelectorException("expected " + what + " at " + peek().offset() + " but found "
                    + describe(peek()));
        }
        return tokens.get(pos++);
    }

    private SelectorException unexpected() {
        return new SelectorException("unexpected " + describe(peek()) + " at " + peek().offset());
    }

    private static String describe(Token t) {
        return t.kind() == Kind.END ? "end of selector" : "'" + t.text() + "'";
    }

    private Expression condition(Expression e) throws SelectorException {
        if (e instanceof Expression.Arithmetic || e instanceof Expression.Negate
                || e instanceof Expression.Literal l && l.value() != null && !(l.value() instanceof Boolean)) {
            throw new SelectorException("not a condition: " + e);
        }
        return e;
    }

    /** An operand of arithmetic: a string or boolean literal there is a type error already at parse. */
    private static Expression numeric(Expression e) throws SelectorException {
        if (e instanceof Expression.Literal l && (l.value() instanceof String || l.value() instanceof Boolean)) {
            throw new SelectorException("arithmetic on a " + (l.value() instanceof String ? "string" : "boolean")
                    + " literal: " + l.value());
        }
        return e;
    }

    private Expression or() throws SelectorException {
        Expression left = and();
        while (accept(Kind.OR)) {
            left = new Expression.Or(condition(left), condition(and()));
        }
        return left;
    }

    private Expression and() throws SelectorException {
        Expression left = not();
        while (accept(Kind.AND)) {
            left = new Expression.And(condition(left), condition(not()));
        }
        return left;
    }

    private Expression not() throws SelectorException {
        if (accept(Kind.NOT)) {
            return new Expression.Not(condition(not()));
        }
        return predicate();
    }

    private Expression predicate() throws SelectorException {
        Expression left = additive();
        Kind k = peek().kind();
        CompareOp op = switch (k) {
            case EQ -> CompareOp.EQ;
            case NE -> CompareOp.NE;
            case LT -> CompareOp.LT;
            case LE -> CompareOp.LE;
            case GT -> CompareOp.GT;
            case GE -> CompareOp.GE;
            default -> null;
        };
        if (op != null) {
            pos++;
            return new Expression.Compare(op, left, additive());
        }
        if (accept(Kind.IS)) {
            boolean negated = accept(Kind.NOT);
            expect(Kind.NULL, "NULL");
            return new Expression.IsNull(left, negated);
        }
        boolean negated = accept(Kind.NOT);
        if (accept(Kind.BETWEEN)) {
            Expression low = additive();
            expect(Kind.AND, "AND of BETWEEN");
            return new Expression.Between(left, low, additive(), negated);
        }
        if (accept(Kind.IN)) {
            expect(Kind.LPAREN, "'(' after IN");
            List<Object> values = new ArrayList<>();
            do {
                values.add(literalValue());
            } while (accept(Kind.COMMA));
            expect(Kind.RPAREN, "')' closing IN");
            return new Expression.In(left, List.copyOf(values), negated);
        }
        if (accept(Kind.LIKE)) {
            String pattern = (String) expect(Kind.STRING, "a string pattern after LIKE").value();
            Character escape = null;
            if (accept(Kind.ESCAPE)) {
                Token t = expect(Kind.STRING, "an escape character");
                String s = (String) t.value();
                if (s.length() != 1) {
                    throw new SelectorException("ESCAPE takes one character, not '" + s + "' at " + t.offset());
                }
                escape = s.charAt(0);
            }
            return Expression.Like.of(left, pattern, escape, negated);
        }
        if (negated) {
            throw new SelectorException("expected BETWEEN, IN or LIKE after NOT at " + peek().offset());
        }
        return left;
    }

    private Object literalValue() throws SelectorException {
        Token t = peek();
        boolean minus = false;
        if (t.kind() == Kind.MINUS || t.kind() == Kind.PLUS) {
            minus = t.kind() == Kind.MINUS;
            pos++;
            t = peek();
        }
        pos++;
        return switch (t.kind()) {
            case STRING -> {
                if (minus) {
                    throw new SelectorException("a sign before a string at " + t.offset());
                }
                yield t.value();
            }
            case LONG -> minus ? (t.value() == null ? Long.MIN_VALUE : -(Long) t.value()) : longValue(t);
            case DOUBLE -> minus ? -(Double) t.value() : t.value();
            default -> {
                pos--;
                throw new SelectorException("expected a literal in the IN list at " + t.offset() + " but found "
                        + describe(t));
            }
        };
    }

    private static Long longValue(Token t) throws SelectorException {
        if (t.value() == null) {
            throw new SelectorException("integer literal out of range at " + t.offset());
        }
        return (Long) t.value();
    }

    private Expression additive() throws SelectorException {
        Expression left = multiplicative();
        while (true) {
            if (accept(Kind.PLUS)) {
                left = new Expression.Arithmetic(ArithmeticOp.ADD, numeric(left), numeric(multiplicative()));
            } else if (accept(Kind.MINUS)) {
                left = new Expression.Arithmetic(ArithmeticOp.SUBTRACT, numeric(left), numeric(multiplicative()));
            } else {
                return left;
            }
        }
    }

    private Expression multiplicative() throws SelectorException {
        Expression left = unary();
        while (true) {
            if (accept(Kind.STAR)) {
                left = new Expression.Arithmetic(ArithmeticOp.MULTIPLY, numeric(left), numeric(unary()));
            } else if (accept(Kind.SLASH)) {
                left = new Expression.Arithmetic(ArithmeticOp.DIVIDE, numeric(left), numeric(unary()));
            } else {
                return left;
            }
        }
    }

    private Expression unary() throws SelectorException {
        if (accept(Kind.PLUS)) {
            return numeric(unary());
        }
        if (accept(Kind.MINUS)) {
            if (peek().kind() == Kind.LONG && peek().value() == null) {
                pos++;
                return new Expression.Literal(Long.MIN_VALUE);
            }
            Expression e = numeric(unary());
            if (e instanceof Expression.Literal l && l.value() instanceof Long v) {
                return new Expression.Literal(-v);
            }
            if (e instanceof Expression.Literal l && l.value() instanceof Double v) {
                return new Expression.Literal(-v);
            }
            return new Expression.Negate(e);
        }
        return primary();
    }

    private Expression primary() throws SelectorException {
        Token t = peek();
        switch (t.kind()) {
            case STRING, DOUBLE -> {
                pos++;
                return new Expression.Literal(t.value());
            }
            case LONG -> {
                pos++;
                return new Expression.Literal(longValue(t));
            }
            case TRUE -> {
                pos++;
                return new Expression.Literal(Boolean.TRUE);
            }
            case FALSE -> {
                pos++;
                return new Expression.Literal(Boolean.FALSE);
            }
            case NULL -> {
                pos++;
                return new Expression.Literal(null);
            }
            case IDENTIFIER -> {
                pos++;
                return new Expression.Identifier(t.text());
            }
            case LPAREN -> {
                pos++;
                Expression e = or();
                expect(Kind.RPAREN, "')'");
                return e;
            }
            default -> throw unexpected();
        }
    }
}
