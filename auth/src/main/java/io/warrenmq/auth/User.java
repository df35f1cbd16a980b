package io.warrenmq.auth;

import java.util.List;
import java.util.Objects;

/**
 * A user of the internal database: name, password hash (empty when the user has no password) with
 * its hashing module, and tags in the order given.
 *
 * <p>Immutable.
 */
public record User(String name, String passwordHash, PasswordHashing hashing, List<String> tags, UserLimits limits) {
    public User {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hashing, "hashing");
        passwordHash = passwordHash == null ? "" : passwordHash;
        tags = List.copyOf(tags);
        limits = limits == null ? UserLimits.NONE : limits;
    }

    /** A user with a freshly hashed password (SHA-256, RabbitMQ's default). */
    public static User withPassword(String name, String password, List<String> tags) {
        return new User(name, PasswordHashing.SHA256.hash(password), PasswordHashing.SHA256, tags, UserLimits.NONE);
    }

    public boolean hasTag(String tag) {
        return tags.contains(tag);
    }

    /** A user without a password hash cannot log in with PLAIN or AMQPLAIN (only EXTERNAL). */
    public boolean hasPassword() {
        return !passwordHash.isEmpty();
    }

    public boolean passwordMatches(String password) {
        return hashing.matches(passwordHash, password);
    }

    public User withTags(List<String> newTags) {
        return new User(name, passwordHash, hashing, newTags, limits);
    }

    public User withLimits(UserLimits newLimits) {
        return new User(name, passwordHash, hashing, tags, newLimits);
    }
}
