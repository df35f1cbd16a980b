package io.warrenmq.auth;

/** The three kinds of access a permission grants on a resource (RabbitMQ's access-control guide). */
public enum Access {
    CONFIGURE, WRITE, READ;

    /** The word RabbitMQ uses in its texts and JSON fields. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
