package io.warrenmq.definitions;

import java.util.List;
import java.util.Map;

/**
 * RabbitMQ's definitions document (rabbitmqctl export_definitions, GET /api/definitions,
 * load_definitions), field for field. Arguments, limits, policy definitions and parameter values
 * are JSON values as plain Java objects: {@code Long}/{@code Double}, {@code String},
 * {@code Boolean}, {@code List}, {@code Map} (insertion-ordered), or null.
 *
 * <p>Immutable.
 */
public record RabbitDefinitions(String rabbitVersion, String rabbitmqVersion, List<User> users, List<Vhost> vhosts,
        List<Permission> permissions, List<TopicPermission> topicPermissions, List<Parameter> parameters,
        List<GlobalParameter> globalParameters, List<Policy> policies, List<Queue> queues, List<Exchange> exchanges,
        List<Binding> bindings) {

    public RabbitDefinitions {
        users = List.copyOf(users);
        vhosts = List.copyOf(vhosts);
        permissions = List.copyOf(permissions);
        topicPermissions = List.copyOf(topicPermissions);
        parameters = List.copyOf(parameters);
        globalParameters = List.copyOf(globalParameters);
        policies = List.copyOf(policies);
        queues = List.copyOf(queues);
        exchanges = List.copyOf(exchanges);
        bindings = List.copyOf(bindings);
    }

    /** {@code tags} as a list whether the file had a list or RabbitMQ's older comma-separated string. */
    public record User(String name, String passwordHash, String hashingAlgorithm, List<String> tags,
            Map<String, Object> limits) {
    }

    /** {@code limits}: max-connections, max-queues (3.10 exports them as a list of pairs; read either way). */
    public record Vhost(String name, String description, List<String> tags, String defaultQueueType,
            Map<String, Object> limits) {
    }

    public record Permission(String user, String vhost, String configure, String write, String read) {
    }

    public record TopicPermission(String user, String vhost, String exchange, String write, String read) {
    }

    /** A runtime parameter, e.g. component {@code operator_policy}, {@code federation-upstream}. */
    public record Parameter(String vhost, String component, String name, Object value) {
    }

    public record GlobalParameter(String name, Object value) {
    }

    public record Policy(String vhost, String name, String pattern, String applyTo, long priority,
            Map<String, Object> definition) {
    }

    public record Queue(String vhost, String name, boolean durable, boolean autoDelete, String type,
            Map<String, Object> arguments) {
    }

    public record Exchange(String vhost, String name, String type, boolean durable, boolean autoDelete,
            boolean internal, Map<String, Object> arguments) {
    }

    /** {@code destinationType} is "queue" or "exchange". */
    public record Binding(String vhost, String source, String destination, String destinationType, String routingKey,
            Map<String, Object> arguments) {
    }
}
