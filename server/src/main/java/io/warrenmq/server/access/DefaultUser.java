package io.warrenmq.server.access;

import io.warrenmq.auth.Permissions;
import io.warrenmq.auth.User;
import io.warrenmq.auth.UserDatabase;
import io.warrenmq.server.BrokerConfig;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RabbitMQ's first-start rule (rabbit_vhost / rabbit_auth_backend_internal, "default user"): when the
 * user database is empty, create {@code default_user} with {@code default_pass}, the
 * {@code default_user_tags} and the {@code default_permissions} on {@code default_vhost}. A database
 * that already has users (restored, or imported) is left alone, so deleting guest stays deleted.
 *
 * <p>Stateless.
 */
public final class DefaultUser {
    private static final Logger log = LoggerFactory.getLogger(DefaultUser.class);

    private DefaultUser() {
    }

    /** @return whether the default user was created */
    public static boolean createIfNoUsers(UserDatabase users, BrokerConfig config) {
        synchronized (users) {
            if (!users.snapshot().users().isEmpty()) {
                return false;
            }
            users.putUser(User.withPassword(config.defaultUser(), config.defaultPass(), config.defaultUserTags()));
            List<String> p = config.defaultPermissions();
            users.setPermissions(config.defaultUser(), config.defaultVhost(), Permissions.of(p.get(0), p.get(1), p.get(2)));
        }
        log.info("created default user '{}' with tags {} and permissions on vhost '{}'", config.defaultUser(),
                config.defaultUserTags(), config.defaultVhost());
        return true;
    }
}
