package io.warrenmq.management.resources.access;

import io.warrenmq.auth.Permissions;
import io.warrenmq.auth.TopicPermission;
import io.warrenmq.auth.User;
import io.warrenmq.auth.UserLimits;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Users and permissions as RabbitMQ's API writes them ({@code rabbit_mgmt_format}): a user's tags
 * as a JSON array (3.13's {@code tags_as_binaries}), its hash and hashing module, its limits.
 *
 * <p>Stateless.
 */
final class AccessJson {
    private AccessJson() {
    }

    static Map<String, Object> user(User u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", u.name());
        m.put("password_hash", u.passwordHash());
        m.put("hashing_algorithm", u.hashing().rabbitName());
        m.put("tags", u.tags());
        m.put("limits", limits(u.limits()));
        return m;
    }

    static Map<String, Object> limits(UserLimits l) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (l.maxConnections() >= 0) {
            m.put("max-connections", l.maxConnections());
        }
        if (l.maxChannels() >= 0) {
            m.put("max-channels", l.maxChannels());
        }
        return m;
    }

    static Map<String, Object> permission(String user, String vhost, Permissions p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user", user);
        m.put("vhost", vhost);
        m.put("configure", p.configure().source());
        m.put("write", p.write().source());
        m.put("read", p.read().source());
        return m;
    }

    static Map<String, Object> topicPermission(String user, String vhost, TopicPermission p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user", user);
        m.put("vhost", vhost);
        m.put("exchange", p.exchange());
        m.put("write", p.write());
        m.put("read", p.read());
        return m;
    }
}
