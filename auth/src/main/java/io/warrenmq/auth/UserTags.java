package io.warrenmq.auth;

/**
 * The tags RabbitMQ gives meaning to. Other tags are kept as given and mean nothing to the broker
 * (RabbitMQ's rule); the management API reads the first four.
 */
public final class UserTags {
    public static final String ADMINISTRATOR = "administrator";
    public static final String MONITORING = "monitoring";
    public static final String POLICYMAKER = "policymaker";
    public static final String MANAGEMENT = "management";
    /** May publish with a {@code user-id} other than its own name. */
    public static final String IMPERSONATOR = "impersonator";

    private UserTags() {
    }
}
