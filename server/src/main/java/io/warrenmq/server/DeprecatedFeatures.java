package io.warrenmq.server;

/**
 * RabbitMQ's deprecated features that Warren can deny ({@code deprecated_features.permit.*} in
 * rabbitmq.conf), so an application can be checked against a RabbitMQ release that denies them.
 *
 * <p>Only {@code transient_nonexcl_queues} so far: non-durable queues that are not exclusive.
 * RabbitMQ 3.13 to 4.2 permit it by default; RabbitMQ 4.3.0 denies it by default (its release
 * notes, "Deprecated Features are Now Disabled by Default"). Warren permits it by default, as the
 * RabbitMQ release it announces ({@link BrokerConfig#DEFAULT_COMPATIBILITY_VERSION}) does.
 *
 * @param transientNonExclusiveQueues whether {@code queue.declare} may create (or redeclare) a queue
 *     that is neither durable nor exclusive
 */
public record DeprecatedFeatures(boolean transientNonExclusiveQueues) {
    /** Everything permitted: RabbitMQ 3.13's defaults (and Warren's). */
    public static final DeprecatedFeatures PERMITTED = new DeprecatedFeatures(true);
    /** What RabbitMQ 4.3.0 denies by default, denied. */
    public static final DeprecatedFeatures RABBITMQ_4_3 = new DeprecatedFeatures(false);

    /** The rabbitmq.conf name of the transient non-exclusive queue feature. */
    public static final String TRANSIENT_NONEXCL_QUEUES = "transient_nonexcl_queues";

    public DeprecatedFeatures withTransientNonExclusiveQueues(boolean permitted) {
        return new DeprecatedFeatures(permitted);
    }

    /**
     * The explanation RabbitMQ 4.3 gives when a denied feature is used (rabbit_deprecated_features'
     * generated message for a feature denied by default), lines separated by {@code \n}.
     */
    public static String deniedMessage(String feature) {
        return "Feature `" + feature + "` is deprecated.\n"
                + "By default, this feature is not permitted anymore.\n"
                + "The feature will be removed from a future major RabbitMQ version, regardless of the "
                + "configuration; actual version to be determined.\n"
                + "To continue using this feature when it is not permitted by default, set the following "
                + "parameter in your configuration:\n"
                + "    \"deprecated_features.permit." + feature + " = true\"";
    }
}
