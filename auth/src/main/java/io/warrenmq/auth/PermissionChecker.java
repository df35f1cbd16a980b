package io.warrenmq.auth;

import java.util.Map;

/**
 * One connection's permission checks: its user in its virtual host, against the current
 * {@link UserDatabase} snapshot, with RabbitMQ's rules and texts (rabbit_access_control).
 *
 * <p>why a one-entry cache per access kind: a publisher writes to the same exchange message after
 * message; remembering the last allowed name for the snapshot it was checked against makes the
 * repeated check two reference comparisons and no regex. A new snapshot (any change to users or
 * permissions) invalidates it, so revocations apply at the next operation.
 *
 * <p>Thread-safety: confined to the connection's event loop.
 */
public final class PermissionChecker {
    /** RabbitMQ checks the default exchange under this name. */
    public static final String DEFAULT_EXCHANGE_NAME = "amq.default";

    private final UserDatabase database;
    private final String user;
    private final String vhost;
    private final Map<String, String> topicVariables;
    private final CacheEntry[] cache = new CacheEntry[Access.values().length * ResourceKind.values().length];

    private record CacheEntry(UserDatabase.Snapshot snapshot, String name) {
    }

    public PermissionChecker(UserDatabase database, String user, String vhost, String clientId) {
        this.database = database;
        this.user = user;
        this.vhost = vhost;
        this.topicVariables = clientId == null ? Map.of("username", user, "vhost", vhost)
                : Map.of("username", user, "vhost", vhost, "client_id", clientId);
    }

    public String user() {
        return user;
    }

    public String vhost() {
        return vhost;
    }

    /** Whether {@code user} has any permissions in {@code vhost} (what connection.open needs). */
    public static boolean mayOpen(UserDatabase.Snapshot snapshot, String user, String vhost) {
        return snapshot.permissions(user, vhost) != null;
    }

    /** @throws AccessRefusedException when {@code access} on the named queue or exchange is not granted */
    public void check(ResourceKind kind, String name, Access access) {
        String checked = kind == ResourceKind.EXCHANGE && name.isEmpty() ? DEFAULT_EXCHANGE_NAME : name;
        UserDatabase.Snapshot s = database.snapshot();
        int slot = kind.ordinal() * Access.values().length + access.ordinal();
        CacheEntry hit = cache[slot];
        if (hit != null && hit.snapshot == s && hit.name.equals(checked)) {
            return;
        }
        Permissions p = s.permissions(user, vhost);
        if (p == null || !p.allows(access, checked)) {
            throw new AccessRefusedException(String.format("%s access to %s '%s' in vhost '%s' refused for user '%s'",
                    access.wireName(), kind.word(), checked, vhost, user));
        }
        cache[slot] = new CacheEntry(s, checked);
    }

    /**
     * A topic permission check (publish to, or bind from, a topic exchange). No topic permission for
     * the exchange means allowed, as RabbitMQ.
     */
    public void checkTopic(String exchange, String routingKey, Access access) {
        UserDatabase.Snapshot s = database.snapshot();
        if (s.topicPermissions().isEmpty()) {
            return; // why: the common case, kept free of the key allocation and the map lookup per publish
        }
        TopicPermission t = s.topicPermission(user, vhost, exchange);
        if (t != null && !t.allows(access, routingKey, topicVariables)) {
            throw new AccessRefusedException(String.format(
                    "%s access to topic '%s' in exchange '%s' in vhost '%s' refused for user '%s'",
                    access.wireName(), routingKey, exchange, vhost, user));
        }
    }
}
