package io.warrenmq.auth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The internal user database: users, their permissions per virtual host and their topic
 * permissions, as RabbitMQ's internal backend keeps them.
 *
 * <p>Thread-safety: readers (every login and every permission check, on any event loop) take the
 * current immutable {@link Snapshot} with one volatile read and never lock. Changes (operators,
 * imports, the management API) are serialised on this object's monitor and publish a new snapshot,
 * then tell the listeners (persistence) on the changing thread. A change is seen by the next
 * check on every connection: there is no per-channel cache to go stale.
 */
public final class UserDatabase {
    /** A user's permissions are keyed by vhost and user name. */
    public record VhostUser(String vhost, String user) {
    }

    /** A topic permission is keyed by vhost, user and exchange. */
    public record TopicKey(String vhost, String user, String exchange) {
    }

    /** Everything at one moment. Immutable. */
    public record Snapshot(Map<String, User> users, Map<VhostUser, Permissions> permissions,
            Map<TopicKey, TopicPermission> topicPermissions) {
        public static final Snapshot EMPTY = new Snapshot(Map.of(), Map.of(), Map.of());

        public Snapshot {
            users = Map.copyOf(users);
            permissions = Map.copyOf(permissions);
            topicPermissions = Map.copyOf(topicPermissions);
        }

        public Optional<User> user(String name) {
            return Optional.ofNullable(users.get(name));
        }

        public Permissions permissions(String user, String vhost) {
            return permissions.get(new VhostUser(vhost, user));
        }

        public TopicPermission topicPermission(String user, String vhost, String exchange) {
            return topicPermissions.get(new TopicKey(vhost, user, exchange));
        }
    }

    private volatile Snapshot snapshot = Snapshot.EMPTY;
    private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();

    public Snapshot snapshot() {
        return snapshot;
    }

    /** Called with each new snapshot after a change, on the changing thread. */
    public void onChange(Consumer<Snapshot> listener) {
        listeners.add(listener);
    }

    public Optional<User> user(String name) {
        return snapshot.user(name);
    }

    public Collection<User> users() {
        return snapshot.users().values();
    }

    /** Adds a user or replaces the one of that name (keeping its permissions, as RabbitMQ's PUT does). */
    public synchronized void putUser(User user) {
        Names.check("user", user.name());
        Map<String, User> users = new HashMap<>(snapshot.users());
        users.put(user.name(), user);
        publish(new Snapshot(users, snapshot.permissions(), snapshot.topicPermissions()));
    }

    /** Deletes a user with all its permissions; false if there was none. */
    public synchronized boolean deleteUser(String name) {
        Snapshot s = snapshot;
        if (!s.users().containsKey(name)) {
            return false;
        }
        Map<String, User> users = new HashMap<>(s.users());
        users.remove(name);
        Map<VhostUser, Permissions> permissions = new HashMap<>(s.permissions());
        permissions.keySet().removeIf(k -> k.user().equals(name));
        Map<TopicKey, TopicPermission> topics = new HashMap<>(s.topicPermissions());
        topics.keySet().removeIf(k -> k.user().equals(name));
        publish(new Snapshot(users, permissions, topics));
        return true;
    }

    /** @throws InvalidDefinitionException if the user does not exist (the caller checks the vhost) */
    public synchronized void setPermissions(String user, String vhost, Permissions permissions) {
        Snapshot s = requireUser(user);
        Map<VhostUser, Permissions> map = new HashMap<>(s.permissions());
        map.put(new VhostUser(vhost, user), permissions);
        publish(new Snapshot(s.users(), map, s.topicPermissions()));
    }

    public synchronized boolean clearPermissions(String user, String vhost) {
        Snapshot s = snapshot;
        Map<VhostUser, Permissions> map = new HashMap<>(s.permissions());
        if (map.remove(new VhostUser(vhost, user)) == null) {
            return false;
        }
        publish(new Snapshot(s.users(), map, s.topicPermissions()));
        return true;
    }

    public synchronized void setTopicPermission(String user, String vhost, TopicPermission permission) {
        Snapshot s = requireUser(user);
        Map<TopicKey, TopicPermission> map = new HashMap<>(s.topicPermissions());
        map.put(new TopicKey(vhost, user, permission.exchange()), permission);
        publish(new Snapshot(s.users(), s.permissions(), map));
    }

    /** Clears one exchange's topic permission, or all of the user's in the vhost when {@code exchange} is null. */
    public synchronized boolean clearTopicPermissions(String user, String vhost, String exchange) {
        Snapshot s = snapshot;
        Map<TopicKey, TopicPermission> map = new HashMap<>(s.topicPermissions());
        boolean removed = map.keySet().removeIf(k -> k.user().equals(user) && k.vhost().equals(vhost)
                && (exchange == null || k.exchange().equals(exchange)));
        if (removed) {
            publish(new Snapshot(s.users(), s.permissions(), map));
        }
        return removed;
    }

    /** A deleted vhost takes every permission in it along. */
    public synchronized void vhostDeleted(String vhost) {
        Snapshot s = snapshot;
        Map<VhostUser, Permissions> permissions = new HashMap<>(s.permissions());
        boolean changed = permissions.keySet().removeIf(k -> k.vhost().equals(vhost));
        Map<TopicKey, TopicPermission> topics = new HashMap<>(s.topicPermissions());
        changed |= topics.keySet().removeIf(k -> k.vhost().equals(vhost));
        if (changed) {
            publish(new Snapshot(s.users(), permissions, topics));
        }
    }

    /** Replaces everything at once (a definitions import or the state read at start-up). */
    public synchronized void replaceAll(Snapshot replacement) {
        publish(replacement);
    }

    /** Users in name order, for exports. */
    public List<User> usersSorted() {
        List<User> users = new ArrayList<>(snapshot.users().values());
        users.sort(java.util.Comparator.comparing(User::name));
        return users;
    }

    private Snapshot requireUser(String user) {
        Snapshot s = snapshot;
        if (!s.users().containsKey(user)) {
            throw new InvalidDefinitionException("no such user '" + user + "'");
        }
        return s;
    }

    private void publish(Snapshot next) {
        snapshot = next;
        for (Consumer<Snapshot> l : listeners) {
            l.accept(next);
        }
    }
}
