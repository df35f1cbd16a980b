package io.warrenmq.server.stats;

/** The counters of {@link VhostCounters}, with RabbitMQ's field names (message_stats and churn_rates). */
public enum VhostStat {
    PUBLISH("publish"),
    CONFIRM("confirm"),
    RETURN_UNROUTABLE("return_unroutable"),
    DROP_UNROUTABLE("drop_unroutable"),
    CONNECTION_CREATED("connection_created"),
    CONNECTION_CLOSED("connection_closed"),
    CHANNEL_CREATED("channel_created"),
    CHANNEL_CLOSED("channel_closed"),
    QUEUE_DECLARED("queue_declared"),
    QUEUE_CREATED("queue_created"),
    QUEUE_DELETED("queue_deleted");

    public static final int COUNT = values().length;

    private final String field;

    VhostStat(String field) {
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** Whether this is a churn counter (overview {@code churn_rates}) rather than a message one. */
    public boolean churn() {
        return ordinal() >= CONNECTION_CREATED.ordinal();
    }
}
