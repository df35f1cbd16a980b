package io.warrenmq.server.policy;

import java.util.Locale;

/** A policy's {@code apply-to}: which objects it can match, with RabbitMQ's names. */
public enum ApplyTo {
    QUEUES("queues"), EXCHANGES("exchanges"), ALL("all"), CLASSIC_QUEUES("classic_queues"),
    QUORUM_QUEUES("quorum_queues"), STREAMS("streams");

    private final String wireName;

    ApplyTo(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** @throws PolicyException for a name RabbitMQ does not know */
    public static ApplyTo of(String name) {
        if (name == null || name.isEmpty()) {
            return ALL; // RabbitMQ's default
        }
        for (ApplyTo a : values()) {
            if (a.wireName.equals(name.toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new PolicyException("apply-to: '" + name + "' is not one of queues, exchanges, all, classic_queues, "
                + "quorum_queues, streams");
    }

    /** Whether a queue of {@code queueType} ("classic", "quorum", "stream") can be matched. */
    boolean appliesToQueue(String queueType) {
        return switch (this) {
            case QUEUES, ALL -> true;
            case CLASSIC_QUEUES -> queueType.equals("classic");
            case QUORUM_QUEUES -> queueType.equals("quorum");
            case STREAMS -> queueType.equals("stream");
            case EXCHANGES -> false;
        };
    }

    boolean appliesToExchanges() {
        return this == EXCHANGES || this == ALL;
    }
}
