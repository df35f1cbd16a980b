package io.warrenmq.auth;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * A topic permission: for one user, vhost and topic exchange, which routing keys the user may
 * publish with (write) and bind with (read). The expressions may name {@code {username}},
 * {@code {vhost}} and {@code {client_id}}, replaced by the connection's values before matching, as
 * RabbitMQ's {@code expand_topic_permission} does (the values are inserted literally, so a user
 * name with regex metacharacters means those characters, as in RabbitMQ).
 *
 * <p>Immutable.
 */
public record TopicPermission(String exchange, String write, String read) {
    private static final Map<String, String> SAMPLE_VARIABLES = Map.of("username", "u", "vhost", "v", "client_id", "c");

    public TopicPermission {
        // validate now, with the variables as plain words, so a bad expression is refused when set
        PermissionPattern.of(expand(write, SAMPLE_VARIABLES));
        PermissionPattern.of(expand(read, SAMPLE_VARIABLES));
    }

    /** Whether {@code routingKey} is allowed for {@code access} (WRITE or READ). */
    public boolean allows(Access access, String routingKey, Map<String, String> variables) {
        String source = access == Access.WRITE ? write : read;
        String expanded = expand(source, variables);
        // why not cached: expressions with variables differ per connection; topic permissions are rare
        return Pattern.compile(expanded.isEmpty() ? "^$" : expanded).matcher(routingKey).find();
    }

    private static String expand(String source, Map<String, String> variables) {
        String s = source;
        for (Map.Entry<String, String> v : variables.entrySet()) {
            s = s.replace("{" + v.getKey() + "}", v.getValue());
        }
        return s;
    }
}
