package io.warrenmq.server.alarm;

/**
 * A resource whose alarm blocks publishers (RabbitMQ's {@code {resource_limit, memory | disk, Node}}).
 *
 * <p>The declaration order is the order reasons are named in {@code connection.blocked}.
 * Thread-safety: immutable.
 */
public enum Resource {
    MEMORY("memory"),
    DISK("disk");

    private final String text;

    Resource(String text) {
        this.text = text;
    }

    /** The word RabbitMQ uses in the blocked reason, e.g. "low on memory". */
    public String text() {
        return text;
    }
}
