package io.warrenmq.amqp10.selector;

/**
 * A JMS 2.0 message selector (Jakarta Messaging 3.1, 3.8.1), parsed once and evaluated per
 * message: a message is selected when the selector is true for it (false and unknown are not).
 *
 * <p>Thread-safety: immutable; {@link #matches} may run on any thread.
 */
public final class Selector {
    private final String text;
    private final Expression expression;

    private Selector(String text, Expression expression) {
        this.text = text;
        this.expression = expression;
    }

    public static Selector parse(String selector) throws SelectorException {
        return new Selector(selector, Parser.parse(selector));
    }

    public boolean matches(MessageView message) {
        return Boolean.TRUE.equals(expression.evaluate(message));
    }

    /** The value of the selector for {@code message}: TRUE, FALSE, or null for unknown. */
    public Boolean evaluate(MessageView message) {
        Object v = expression.evaluate(message);
        return v instanceof Boolean b ? b : null;
    }

    @Override
    public String toString() {
        return text;
    }
}
