package io.warrenmq.management.resources.access;

import io.warrenmq.management.security.Principal;

/**
 * Which vhosts a listing shows a user: RabbitMQ's {@code list_visible_vhosts} shows monitors
 * (and administrators) every vhost, so they always learn of them all, and other users the vhosts
 * they may log in to.
 *
 * <p>Stateless.
 */
final class Visibility {
    private Visibility() {
    }

    static boolean canSee(Principal p, String vhost) {
        return p.isMonitor() || p.canAccessVhost(vhost);
    }
}
