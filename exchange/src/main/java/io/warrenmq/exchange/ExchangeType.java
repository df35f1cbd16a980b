package io.warrenmq.exchange;

import java.util.Optional;

/**
 * The four built-in AMQP 0-9-1 exchange types, by their wire name ({@code exchange.declare type}).
 *
 * <p>Thread-safety: immutable.
 */
public enum ExchangeType {
    DIRECT("direct"),
    FANOUT("fanout"),
    TOPIC("topic"),
    HEADERS("headers");

    private final String wireName;

    ExchangeType(String wireName) {
        this.wireName = wireName;
    }

    /** The name clients send in {@code exchange.declare}, e.g. {@code "topic"}. */
    public String wireName() {
        return wireName;
    }

    /** The type for a wire name (case-sensitive, as RabbitMQ), or empty for an unknown type. */
    public static Optional<ExchangeType> fromWireName(String name) {
        for (ExchangeType type : values()) {
            if (type.wireName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** A new, empty router implementing this type's routing rules. */
    public <D> Router<D> newRouter() {
        switch (this) {
            case DIRECT: return new DirectRouter<>();
            case FANOUT: return new FanoutRouter<>();
            case TOPIC: return new TopicRouter<>();
            case HEADERS: return new HeadersRouter<>();
            default: throw new AssertionError(this);
        }
    }
}
