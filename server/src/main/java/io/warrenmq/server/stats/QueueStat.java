package io.warrenmq.server.stats;

/**
 * The counters of a queue's {@code message_stats}, by RabbitMQ's field name. {@code deliver_get}
 * is derived (deliver + deliver_no_ack + get + get_no_ack), as RabbitMQ's is;
 * {@code get_empty} counts basic.get answered with get-empty.
 */
public enum QueueStat {
    PUBLISH("publish"),
    DELIVER("deliver"),
    DELIVER_NO_ACK("deliver_no_ack"),
    GET("get"),
    GET_NO_ACK("get_no_ack"),
    GET_EMPTY("get_empty"),
    REDELIVER("redeliver"),
    ACK("ack"),
    DELIVER_GET("deliver_get");

    public static final int COUNT = values().length;

    private final String field;

    QueueStat(String field) {
        this.field = field;
    }

    /** The JSON field name. */
    public String field() {
        return field;
    }
}
