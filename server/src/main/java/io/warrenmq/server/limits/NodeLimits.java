package io.warrenmq.server.limits;

/**
 * The broker-wide limits on what clients may create, beside the per-vhost and per-user ones of
 * {@code io.warrenmq.server.access}.
 *
 * @param connectionMax RabbitMQ's {@code connection_max}: open AMQP connections on this node; a
 *     connection.open past it gets 530 NOT_ALLOWED. -1: no limit (RabbitMQ's {@code infinity}).
 * @param clusterQueueLimit RabbitMQ's {@code cluster_queue_limit}: queues in all vhosts; a new
 *     queue past it gets 406. -1: no limit.
 * @param refuseDeclaresOnMemoryAlarm Warren's own: while the memory alarm is in effect, declaring a
 *     new queue or exchange gets 406 instead of allocating it. RabbitMQ blocks only publishers
 *     (rabbitmq-server#158 asked for this and was left open), so a client declaring queues in a loop
 *     can exhaust its memory; Warren refuses, so that the alarm bounds object creation too.
 * @param socketLimit accepted sockets at most (RabbitMQ derives its socket limit from the file
 *     descriptor limit in the same way, keeping the rest for files); -1: derived from the process's
 *     file-descriptor limit by {@link SocketBudget#limitFor}.
 */
public record NodeLimits(int connectionMax, int clusterQueueLimit, boolean refuseDeclaresOnMemoryAlarm,
        int socketLimit) {
    public static final NodeLimits DEFAULTS = new NodeLimits(-1, -1, true, -1);

    public NodeLimits withConnectionMax(int max) {
        return new NodeLimits(max, clusterQueueLimit, refuseDeclaresOnMemoryAlarm, socketLimit);
    }

    public NodeLimits withClusterQueueLimit(int limit) {
        return new NodeLimits(connectionMax, limit, refuseDeclaresOnMemoryAlarm, socketLimit);
    }

    public NodeLimits withRefuseDeclaresOnMemoryAlarm(boolean refuse) {
        return new NodeLimits(connectionMax, clusterQueueLimit, refuse, socketLimit);
    }

    public NodeLimits withSocketLimit(int limit) {
        return new NodeLimits(connectionMax, clusterQueueLimit, refuseDeclaresOnMemoryAlarm, limit);
    }

    /** Whether {@code count} existing things leave room for one more under {@code limit} (-1: always). */
    public static boolean reached(int limit, long count) {
        return limit >= 0 && count >= limit;
    }
}
