package io.warrenmq.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * RabbitMQ's password hashing modules. A hash is {@code base64(salt ‖ H(salt ‖ utf8(password)))}
 * with a 4-byte random salt (rabbit_password: {@code generate_salt/0}, {@code salted_hash/3}), so a
 * hash exported from RabbitMQ verifies here and one made here imports into RabbitMQ.
 *
 * <p>Thread-safety: stateless; {@link MessageDigest}s are made per call.
 */
public enum PasswordHashing {
    SHA256("rabbit_password_hashing_sha256", "SHA-256"),
    SHA512("rabbit_password_hashing_sha512", "SHA-512"),
    /** RabbitMQ's pre-3.6 default; accepted for imports, never chosen for new passwords. */
    MD5("rabbit_password_hashing_md5", "MD5");

    private static final int SALT_BYTES = 4;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String rabbitName;
    private final String jdkName;

    PasswordHashing(String rabbitName, String jdkName) {
        this.rabbitName = rabbitName;
        this.jdkName = jdkName;
    }

    /** The module name RabbitMQ writes as {@code hashing_algorithm} in its definitions. */
    public String rabbitName() {
        return rabbitName;
    }

    public static Optional<PasswordHashing> fromRabbitName(String name) {
        for (PasswordHashing h : values()) {
            if (h.rabbitName.equals(name)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /** A new base64 hash of {@code password} with a fresh random salt. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return Base64.getEncoder().encodeToString(saltedHash(salt, password));
    }

    /**
     * Whether {@code password} matches the base64 {@code hash}. An empty or malformed hash matches
     * nothing (RabbitMQ: a user whose password was cleared cannot log in with a password).
     */
    public boolean matches(String hash, String password) {
        if (hash == null || hash.isEmpty()) {
            return false;
        }
        byte[] stored;
        try {
            stored = Base64.getDecoder().decode(hash);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (stored.length <= SALT_BYTES) {
            return false;
        }
        byte[] salt = java.util.Arrays.copyOf(stored, SALT_BYTES);
        return MessageDigest.isEqual(stored, saltedHash(salt, password));
    }

    /** Whether {@code hash} has this module's shape: base64 of a salt and one digest. */
    public boolean isWellFormed(String hash) {
        if (hash.isEmpty()) {
            return true; // no password
        }
        try {
            return Base64.getDecoder().decode(hash).length == SALT_BYTES + digest().getDigestLength();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private byte[] saltedHash(byte[] salt, String password) {
        MessageDigest digest = digest();
        digest.update(salt);
        byte[] h = digest.digest(password.getBytes(StandardCharsets.UTF_8));
        byte[] out = new byte[salt.length + h.length];
        System.arraycopy(salt, 0, out, 0, salt.length);
        System.arraycopy(h, 0, out, salt.length, h.length);
        return out;
    }

    private MessageDigest digest() {
        try {
            return MessageDigest.getInstance(jdkName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jdkName + " is required of every JDK", e);
        }
    }
}
