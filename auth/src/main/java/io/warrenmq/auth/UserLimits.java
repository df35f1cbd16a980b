package io.warrenmq.auth;

/**
 * RabbitMQ's per-user limits ({@code rabbitmqctl set_user_limits}): at most so many connections and
 * channels (in total, across all of the user's connections); a negative value means no limit.
 */
public record UserLimits(int maxConnections, int maxChannels) {
    public static final UserLimits NONE = new UserLimits(-1, -1);
}
