package io.warrenmq.auth;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One of a permission's regular expressions, matched as RabbitMQ matches it
 * (rabbit_auth_backend_internal: {@code re:run(Name, RegExp, [{capture, none}])}): a search
 * anywhere in the name, not anchored unless the expression says {@code ^}/{@code $}; the empty
 * expression stands for {@code ^$}, so it grants nothing but the empty name.
 *
 * <p>The dialect is Java's {@link Pattern}, which agrees with PCRE on everything permissions are
 * written with (classes, anchors, alternation, escapes); docs/security.md lists where they differ.
 *
 * <p>Immutable; a compiled {@link Pattern} is shared across threads.
 */
public record PermissionPattern(String source, Pattern compiled) {
    /** How long an expression may be: RabbitMQ stores them unbounded, we refuse pathological input. */
    public static final int MAX_LENGTH = 4096;

    public static final PermissionPattern ALL = of(".*");
    public static final PermissionPattern NONE = of("");

    /** @throws InvalidDefinitionException if {@code source} is not a valid expression */
    public static PermissionPattern of(String source) {
        if (source == null) {
            throw new InvalidDefinitionException("a permission expression is missing");
        }
        if (source.length() > MAX_LENGTH) {
            throw new InvalidDefinitionException("permission expression longer than " + MAX_LENGTH + " characters");
        }
        try {
            return new PermissionPattern(source, Pattern.compile(source.isEmpty() ? "^$" : source));
        } catch (PatternSyntaxException e) {
            throw new InvalidDefinitionException("invalid regular expression '" + source + "': "
                    + e.getDescription());
        }
    }

    public boolean matches(String name) {
        return compiled.matcher(name).find();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PermissionPattern p && p.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }
}
