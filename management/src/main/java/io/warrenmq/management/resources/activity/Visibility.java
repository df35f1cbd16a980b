package io.warrenmq.management.resources.activity;

import io.warrenmq.management.backend.ActivityBackend;
import io.warrenmq.management.http.ApiException;
import io.warrenmq.management.security.Principal;
import java.util.List;
import java.util.function.Function;

/**
 * Who sees and closes which connections, channels and consumers (rabbit_mgmt_util's filter_user
 * and is_authorized_user): monitors and administrators see everything, other management users
 * only what their own user opened; closing needs administrator or ownership.
 *
 * <p>Thread-safety: stateless.
 */
final class Visibility {
    static final String NOT_AUTHORISED = "User not authorised to access object";

    private Visibility() {
    }

    /** A listing as the principal may see it. */
    static <T> List<T> filter(Principal p, List<T> items, Function<T, String> owner) {
        if (p.isMonitor()) {
            return items;
        }
        return items.stream().filter(i -> p.name().equals(owner.apply(i))).toList();
    }

    /** GET of one object: monitor or its owner. */
    static void requireRead(Principal p, String owner) {
        if (!p.isMonitor() && !p.name().equals(owner)) {
            throw ApiException.notAuthorised(NOT_AUTHORISED);
        }
    }

    /** DELETE of one object (closing a connection): administrator or its owner. */
    static void requireClose(Principal p, String owner) {
        if (!p.isAdmin() && !p.name().equals(owner)) {
            throw ApiException.notAuthorised(NOT_AUTHORISED);
        }
    }

    /** A vhost-scoped listing: the vhost must exist (404) and the user have access to it (401). */
    static void requireVhost(Principal p, ActivityBackend backend, String vhost) {
        if (!backend.vhostExists(vhost)) {
            throw ApiException.notFound();
        }
        p.requireVhost(vhost);
    }
}
