package io.warrenmq.amqp10.engine;

import io.warrenmq.amqp10.codec.ErrorCondition;

/**
 * A peer's frame the state machines refuse, with the AMQP 1.0 error condition and what it ends:
 * the link (detach), the session (end) or the connection (close).
 */
public final class EngineException extends RuntimeException {
    public enum Scope { LINK, SESSION, CONNECTION }

    private final Scope scope;
    private final String condition;

    public EngineException(Scope scope, String condition, String description) {
        super(description, null, false, false);
        this.scope = scope;
        this.condition = condition;
    }

    public static EngineException connection(String condition, String description) {
        return new EngineException(Scope.CONNECTION, condition, description);
    }

    public static EngineException session(String condition, String description) {
        return new EngineException(Scope.SESSION, condition, description);
    }

    public Scope scope() {
        return scope;
    }

    public ErrorCondition error() {
        return ErrorCondition.of(condition, getMessage());
    }
}
