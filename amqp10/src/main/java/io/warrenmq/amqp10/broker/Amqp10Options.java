package io.warrenmq.amqp10.broker;

/**
 * The AMQP 1.0 listener's settings.
 *
 * @param anonymousUser who a SASL ANONYMOUS login is (null: ANONYMOUS not offered, the default)
 * @param maxFrameSize the max-frame-size we announce and accept (at least 512)
 * @param idleTimeoutMillis the idle-time-out we announce; a peer silent for that long is closed (0: none)
 * @param linkCredit the credit each publishing link gets, kept up as the broker confirms
 */
public record Amqp10Options(String anonymousUser, int maxFrameSize, long idleTimeoutMillis, int linkCredit) {
    public static final Amqp10Options DEFAULTS = new Amqp10Options(null, 131072, 60_000, 256);

    public Amqp10Options {
        if (maxFrameSize < 512) {
            throw new IllegalArgumentException("maxFrameSize must be at least 512");
        }
    }

    public Amqp10Options withAnonymousUser(String user) {
        return new Amqp10Options(user, maxFrameSize, idleTimeoutMillis, linkCredit);
    }

    public Amqp10Options withIdleTimeoutMillis(long millis) {
        return new Amqp10Options(anonymousUser, maxFrameSize, millis, linkCredit);
    }
}
