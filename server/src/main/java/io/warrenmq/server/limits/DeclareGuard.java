package io.warrenmq.server.limits;

import io.warrenmq.codec.ReplyCode;
import io.warrenmq.server.alarm.ResourceAlarms;
import io.warrenmq.codec.AmqpException;
import io.warrenmq.server.vhost.VirtualHost;
import io.warrenmq.server.vhost.VirtualHosts;

/**
 * The node-wide checks before a queue or exchange that does not exist yet is created: RabbitMQ's
 * {@code cluster_queue_limit}, and Warren's refusal to create while the memory alarm is in effect
 * (see {@link NodeLimits#refuseDeclaresOnMemoryAlarm()}). Both are channel errors, 406
 * PRECONDITION_FAILED, as RabbitMQ's queue limits are; a redeclare of something that exists is
 * never refused, so clients that declare their topology on every start keep working.
 *
 * <p>Thread-safety: stateless beyond its references; called on connections' loops. The queue
 * count is read without a lock, as RabbitMQ's limit is (two racing declares may both pass).
 */
public final class DeclareGuard {
    private final NodeLimits limits;
    private final ResourceAlarms alarms;
    private final VirtualHosts vhosts;

    public DeclareGuard(NodeLimits limits, ResourceAlarms alarms, VirtualHosts vhosts) {
        this.limits = limits;
        this.alarms = alarms;
        this.vhosts = vhosts;
    }

    public void checkNewQueue(String name, String vhost) {
        if (limits.clusterQueueLimit() >= 0 && NodeLimits.reached(limits.clusterQueueLimit(), queueCount())) {
            throw AmqpException.of(ReplyCode.PRECONDITION_FAILED,
                    "cannot declare queue '%s': queue limit in cluster (%d) is reached", name,
                    limits.clusterQueueLimit());
        }
        if (memoryAlarm()) {
            throw AmqpException.of(ReplyCode.PRECONDITION_FAILED,
                    "cannot declare queue '%s' in vhost '%s': the memory alarm is in effect", name, vhost);
        }
    }

    public void checkNewExchange(String name, String vhost) {
        if (memoryAlarm()) {
            throw AmqpException.of(ReplyCode.PRECONDITION_FAILED,
                    "cannot declare exchange '%s' in vhost '%s': the memory alarm is in effect", name, vhost);
        }
    }

    private boolean memoryAlarm() {
        return limits.refuseDeclaresOnMemoryAlarm() && alarms != null && alarms.memoryAlarmNow();
    }

    private long queueCount() {
        long n = 0;
        for (VirtualHost v : vhosts.all()) {
            n += v.queues().size();
        }
        return n;
    }
}
