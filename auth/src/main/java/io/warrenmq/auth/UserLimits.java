package io.warrenmq.auth;

/**
 * RabbitMQ's per-user limits ({@code rabbitmqctl set_user_limits}): at most so many connections and
 * channels (per connection in RabbitMQ's rule); a negative value means no limit.
 */
public record UserLimits(int maxConnections, int maxChannels) {
    public static final UserLimits NONE = new UserLimits(-1, -1);
}
