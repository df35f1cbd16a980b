package io.warrenmq.auth;

/**
 * A user's permissions in one virtual host: what they may configure, write and read
 * ({@code rabbitmqctl set_permissions}).
 *
 * <p>Immutable.
 */
public record Permissions(PermissionPattern configure, PermissionPattern write, PermissionPattern read) {
    public static final Permissions FULL = new Permissions(PermissionPattern.ALL, PermissionPattern.ALL,
            PermissionPattern.ALL);

    /** @throws InvalidDefinitionException if an expression is invalid */
    public static Permissions of(String configure, String write, String read) {
        return new Permissions(PermissionPattern.of(configure), PermissionPattern.of(write),
                PermissionPattern.of(read));
    }

    public PermissionPattern pattern(Access access) {
        return switch (access) {
            case CONFIGURE -> configure;
            case WRITE -> write;
            case READ -> read;
        };
    }

    public boolean allows(Access access, String name) {
        return pattern(access).matches(name);
    }
}
