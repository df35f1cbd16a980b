package io.warrenmq.management.security;

import io.warrenmq.auth.UserTags;
import io.warrenmq.management.http.ApiException;
import java.util.List;
import java.util.function.Predicate;

/**
 * The user a request authenticated as, with RabbitMQ's management tag hierarchy
 * (rabbit_web_dispatch_access_control: is_admin = administrator; is_policymaker = administrator or
 * policymaker; is_monitor = administrator or monitoring; any of those or management may use the API).
 *
 * @param vhostAccess whether the user has permissions in a vhost (any configure/write/read entry)
 */
public record Principal(String name, List<String> tags, Predicate<String> vhostAccess) {

    public boolean isAdmin() {
        return tags.contains(UserTags.ADMINISTRATOR);
    }

    public boolean isMonitor() {
        return isAdmin() || tags.contains(UserTags.MONITORING);
    }

    public boolean isPolicymaker() {
        return isAdmin() || tags.contains(UserTags.POLICYMAKER);
    }

    /** May use the management API at all. */
    public boolean isManagementUser() {
        return isMonitor() || isPolicymaker() || tags.contains(UserTags.MANAGEMENT);
    }

    /** Admin, or has permissions in {@code vhost} (RabbitMQ's is_authorized_vhost). */
    public boolean canAccessVhost(String vhost) {
        return isAdmin() || vhostAccess.test(vhost);
    }

    public void requireAdmin() {
        if (!isAdmin()) {
            throw ApiException.notAuthorised("Not administrator user");
        }
    }

    public void requireMonitor() {
        if (!isMonitor()) {
            throw ApiException.notAuthorised("Not monitor user");
        }
    }

    /** Policymaker with access to the vhost, or admin (policies, parameters). */
    public void requirePolicymaker(String vhost) {
        if (!isPolicymaker() || !canAccessVhost(vhost)) {
            throw ApiException.notAuthorised("Not policymaker user in vhost '" + vhost + "'");
        }
    }

    public void requireVhost(String vhost) {
        if (!canAccessVhost(vhost)) {
            throw ApiException.notAuthorised("User not authorised to access virtual host");
        }
    }
}
