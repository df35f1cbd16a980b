package io.warrenmq.server.definitions;

import io.warrenmq.auth.InvalidDefinitionException;
import io.warrenmq.auth.Names;
import io.warrenmq.auth.PasswordHashing;
import io.warrenmq.auth.Permissions;
import io.warrenmq.auth.TopicPermission;
import io.warrenmq.auth.User;
import io.warrenmq.auth.UserDatabase;
import io.warrenmq.auth.UserLimits;
import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.definitions.DefinitionsException;
import io.warrenmq.definitions.RabbitDefinitions;
import io.warrenmq.exchange.ExchangeType;
import io.warrenmq.server.policy.Policy;
import io.warrenmq.server.policy.PolicyException;
import io.warrenmq.server.queue.Queue;
import io.warrenmq.server.queue.QueueArguments;
import io.warrenmq.server.queue.QueueType;
import io.warrenmq.server.vhost.Equivalence;
import io.warrenmq.server.vhost.Exchange;
import io.warrenmq.server.vhost.VhostLimits;
import io.warrenmq.server.vhost.VhostMetadata;
import io.warrenmq.server.vhost.VirtualHost;
import io.warrenmq.server.vhost.VirtualHosts;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a whole definitions document before anything is applied, the way RabbitMQ would refuse
 * each entry (the same argument validation and equivalence rules as queue.declare and
 * exchange.declare), and turns it into an {@link ImportPlan}. The first bad entry ends the check
 * with a {@link DefinitionsException} naming it: {@code queues[3] (vhost 'orders', name 'jobs'): ...}.
 *
 * <p>References are resolved against the document and the broker together: a permission may name
 * a user or vhost defined earlier in the same file, a binding an exchange the broker already has.
 *
 * <p>Thread-safety: one instance per import, on the importing thread; reads the broker's
 * concurrent registries without locking.
 */
final class ImportValidator {
    private static final Set<String> PREDECLARED = Set.of("amq.direct", "amq.fanout", "amq.topic", "amq.headers",
            "amq.match");
    private final VirtualHosts broker;
    private final UserDatabase.Snapshot users;
    private final Set<String> vhostNames = new HashSet<>();
    private final Set<String> userNames = new HashSet<>();
    /** "vhost\u0000name" of exchanges and queues in the document. */
    private final Set<String> exchangeKeys = new HashSet<>();
    private final Set<String> queueKeys = new HashSet<>();
    private final List<String> ignored = new ArrayList<>();
    /** operator_policy runtime parameters, checked once the vhosts are known. */
    private final List<RabbitDefinitions.Parameter> operatorPolicyParameters = new ArrayList<>();
    private final List<String> operatorPolicyEntries = new ArrayList<>();
    private final List<ImportPlan.PolicyEntry> operatorPolicies = new ArrayList<>();

    ImportValidator(VirtualHosts broker, UserDatabase.Snapshot users) {
        this.broker = broker;
        this.users = users;
    }

    ImportPlan validate(RabbitDefinitions d) {
        Map<String, VhostLimits> limitsFromParameters = parameters(d.parameters());
        for (RabbitDefinitions.GlobalParameter g : d.globalParameters()) {
            try {
                io.warrenmq.server.parameters.GlobalParameters.check(g.name(), g.value());
            } catch (IllegalArgumentException e) {
                throw new DefinitionsException("global_parameters '" + g.name() + "': " + e.getMessage());
            }
        }
        List<ImportPlan.VhostEntry> vhosts = new ArrayList<>();
        for (int i = 0; i < d.vhosts().size(); i++) {
            vhosts.add(vhost(i, d.vhosts().get(i), limitsFromParameters));
        }
        for (String v : limitsFromParameters.keySet()) {
            if (!vhostNames.contains(v)) {
                requireVhost("parameters (vhost-limits)", v);
                vhosts.add(new ImportPlan.VhostEntry(v, broker.metadata(v), limitsFromParameters.get(v)));
                vhostNames.add(v);
            }
        }
        for (int i = 0; i < operatorPolicyParameters.size(); i++) {
            RabbitDefinitions.Parameter p = operatorPolicyParameters.get(i);
            String entry = operatorPolicyEntries.get(i);
            if (!(p.value() instanceof Map<?, ?> value) || !(value.get("definition") instanceof Map<?, ?> def)) {
                throw new DefinitionsException(entry + ": value must be an object with a definition");
            }
            Object priority = value.get("priority") == null ? 0L : value.get("priority");
            if (!(priority instanceof Long prio)) {
                throw new DefinitionsException(entry + ": priority must be an integer");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> definition = (Map<String, Object>) def;
            operatorPolicies.add(policy(entry, p.vhost(), p.name(), (String) value.get("pattern"),
                    (String) value.get("apply-to"), prio, definition, true));
        }
        List<User> userList = new ArrayList<>();
        for (int i = 0; i < d.users().size(); i++) {
            userList.add(user(i, d.users().get(i)));
        }
        Map<UserDatabase.VhostUser, Permissions> permissions = new LinkedHashMap<>();
        for (int i = 0; i < d.permissions().size(); i++) {
            RabbitDefinitions.Permission p = d.permissions().get(i);
            String entry = "permissions[" + i + "] (user '" + p.user() + "', vhost '" + p.vhost() + "')";
            requireUser(entry, p.user());
            requireVhost(entry, p.vhost());
            permissions.put(new UserDatabase.VhostUser(p.vhost(), p.user()),
                    auth(entry, () -> Permissions.of(p.configure(), p.write(), p.read())));
        }
        Map<UserDatabase.TopicKey, TopicPermission> topics = new LinkedHashMap<>();
        for (int i = 0; i < d.topicPermissions().size(); i++) {
            RabbitDefinitions.TopicPermission p = d.topicPermissions().get(i);
            String entry = "topic_permissions[" + i + "] (user '" + p.user() + "', vhost '" + p.vhost()
                    + "', exchange '" + p.exchange() + "')";
            requireUser(entry, p.user());
            requireVhost(entry, p.vhost());
            topics.put(new UserDatabase.TopicKey(p.vhost(), p.user(), p.exchange()),
                    auth(entry, () -> new TopicPermission(p.exchange(), p.write(), p.read())));
        }
        List<ImportPlan.ExchangeEntry> exchanges = new ArrayList<>();
        for (int i = 0; i < d.exchanges().size(); i++) {
            ImportPlan.ExchangeEntry x = exchange(i, d.exchanges().get(i));
            if (x != null) {
                exchanges.add(x);
            }
        }
        List<ImportPlan.QueueEntry> queues = new ArrayList<>();
        for (int i = 0; i < d.queues().size(); i++) {
            queues.add(queue(i, d.queues().get(i)));
        }
        List<ImportPlan.BindingEntry> bindings = new ArrayList<>();
        for (int i = 0; i < d.bindings().size(); i++) {
            bindings.add(binding(i, d.bindings().get(i)));
        }
        List<ImportPlan.PolicyEntry> policies = new ArrayList<>();
        for (int i = 0; i < d.policies().size(); i++) {
            RabbitDefinitions.Policy p = d.policies().get(i);
            String entry = "policies[" + i + "] (vhost '" + p.vhost() + "', name '" + p.name() + "')";
            policies.add(policy(entry, p.vhost(), p.name(), p.pattern(), p.applyTo(), p.priority(), p.definition(),
                    false));
        }
        policies.addAll(operatorPolicies);
        return new ImportPlan(vhosts, userList, permissions, topics, exchanges, queues, bindings, policies, ignored,
                d.globalParameters());
    }

    private ImportPlan.PolicyEntry policy(String entry, String vhost, String name, String pattern, String applyTo,
            long priority, Map<String, Object> definition, boolean operator) {
        requireVhost(entry, vhost);
        try {
            return new ImportPlan.PolicyEntry(vhost, Policy.of(name, pattern, applyTo, priority, definition, operator));
        } catch (PolicyException e) {
            throw new DefinitionsException(entry + ": " + e.getMessage());
        }
    }

    // ---- vhosts, users, parameters ----------------------------------------------------------

    private ImportPlan.VhostEntry vhost(int i, RabbitDefinitions.Vhost v, Map<String, VhostLimits> fromParameters) {
        String entry = "vhosts[" + i + "] (name '" + v.name() + "')";
        auth(entry, () -> {
            Names.check("vhost", v.name());
            return null;
        });
        String queueType = v.defaultQueueType() == null || v.defaultQueueType().isEmpty() ? "classic"
                : v.defaultQueueType();
        if (!Set.of("classic", "quorum", "stream").contains(queueType)) {
            throw new DefinitionsException(entry + ": unknown default_queue_type '" + queueType + "'");
        }
        VhostLimits limits = fromParameters.get(v.name());
        if (limits == null && v.limits() != null && !v.limits().isEmpty()) {
            limits = vhostLimits(entry, v.limits());
        }
        vhostNames.add(v.name());
        return new ImportPlan.VhostEntry(v.name(), new VhostMetadata(v.description(), v.tags(), queueType), limits);
    }

    /** RabbitMQ keeps vhost limits as the runtime parameter {@code vhost-limits/limits}. */
    private Map<String, VhostLimits> parameters(List<RabbitDefinitions.Parameter> parameters) {
        Map<String, VhostLimits> limits = new LinkedHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            RabbitDefinitions.Parameter p = parameters.get(i);
            String entry = "parameters[" + i + "] (vhost '" + p.vhost() + "', component '" + p.component()
                    + "', name '" + p.name() + "')";
            if ("operator_policy".equals(p.component())) {
                operatorPolicyParameters.add(p);
                operatorPolicyEntries.add(entry);
            } else if ("vhost-limits".equals(p.component())) {
                if (!(p.value() instanceof Map<?, ?> value)) {
                    throw new DefinitionsException(entry + ": value must be an object");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) value;
                limits.put(p.vhost(), vhostLimits(entry, map));
            } else {
                ignored.add(entry + ": Warren has no such component");
            }
        }
        return limits;
    }

    private static VhostLimits vhostLimits(String entry, Map<String, Object> map) {
        VhostLimits limits = VhostLimits.NONE;
        for (Map.Entry<String, Object> e : map.entrySet()) {
            int value = limitValue(entry, e.getKey(), e.getValue());
            limits = switch (e.getKey()) {
                case "max-connections" -> limits.withMaxConnections(value);
                case "max-queues" -> limits.withMaxQueues(value);
                default -> throw new DefinitionsException(entry + ": unknown vhost limit '" + e.getKey() + "'");
            };
        }
        return limits;
    }

    private static int limitValue(String entry, String key, Object value) {
        if (!(value instanceof Long n) || n > Integer.MAX_VALUE) {
            throw new DefinitionsException(entry + ": limit '" + key + "' must be an integer, not " + value);
        }
        return n < 0 ? -1 : n.intValue();
    }

    private User user(int i, RabbitDefinitions.User u) {
        String entry = "users[" + i + "] (name '" + u.name() + "')";
        auth(entry, () -> {
            Names.check("user", u.name());
            return null;
        });
        String algorithm = u.hashingAlgorithm() == null || u.hashingAlgorithm().isEmpty()
                ? PasswordHashing.SHA256.rabbitName() : u.hashingAlgorithm();
        PasswordHashing hashing = PasswordHashing.fromRabbitName(algorithm).orElseThrow(() ->
                new DefinitionsException(entry + ": unknown hashing_algorithm '" + algorithm + "'"));
        String hash = u.passwordHash() == null ? "" : u.passwordHash();
        if (!hashing.isWellFormed(hash)) {
            throw new DefinitionsException(entry + ": password_hash is not a base64 " + algorithm + " hash");
        }
        for (String tag : u.tags()) {
            if (tag.isBlank() || tag.length() > Names.MAX_BYTES) {
                throw new DefinitionsException(entry + ": invalid tag '" + tag + "'");
            }
        }
        UserLimits limits = UserLimits.NONE;
        if (u.limits() != null) {
            for (Map.Entry<String, Object> e : u.limits().entrySet()) {
                int value = limitValue(entry, e.getKey(), e.getValue());
                limits = switch (e.getKey()) {
                    case "max-connections" -> new UserLimits(value, limits.maxChannels());
                    case "max-channels" -> new UserLimits(limits.maxConnections(), value);
                    default -> throw new DefinitionsException(entry + ": unknown user limit '" + e.getKey() + "'");
                };
            }
        }
        userNames.add(u.name());
        return new User(u.name(), hash, hashing, u.tags(), limits);
    }

    private void requireUser(String entry, String user) {
        if (!userNames.contains(user) && users.user(user).isEmpty()) {
            throw new DefinitionsException(entry + ": no user '" + user + "'");
        }
    }

    private void requireVhost(String entry, String vhost) {
        if (!vhostNames.contains(vhost) && broker.get(vhost) == null) {
            throw new DefinitionsException(entry + ": no vhost '" + vhost + "'");
        }
    }

    // ---- topology ---------------------------------------------------------------------------

    /** Null for a predeclared exchange (the default and {@code amq.*}): every vhost has them already. */
    private ImportPlan.ExchangeEntry exchange(int i, RabbitDefinitions.Exchange x) {
        String entry = "exchanges[" + i + "] (vhost '" + x.vhost() + "', name '" + x.name() + "')";
        requireVhost(entry, x.vhost());
        checkName(entry, "exchange", x.name());
        ExchangeType type = ExchangeType.fromWireName(x.type()).orElseThrow(() ->
                new DefinitionsException(entry + ": invalid exchange type '" + x.type() + "'"));
        FieldTable args = table(entry, x.arguments());
        VirtualHost existingVhost = broker.get(x.vhost());
        Exchange existing = existingVhost == null ? null : existingVhost.exchange(x.name());
        if (existing != null) {
            amqp(entry, () -> {
                Equivalence.checkExchange(existing, x.vhost(), new Exchange(x.name(), type, x.durable(), x.autoDelete(),
                        x.internal(), args));
            });
        } else if (x.name().startsWith("amq.")) {
            throw new DefinitionsException(entry + ": exchange name '" + x.name() + "' contains reserved prefix 'amq.*'");
        }
        exchangeKeys.add(key(x.vhost(), x.name()));
        if (existing != null && x.name().startsWith("amq.")) {
            return null;
        }
        return new ImportPlan.ExchangeEntry(x.vhost(), x.name(), type, x.durable(), x.autoDelete(), x.internal(), args);
    }

    private ImportPlan.QueueEntry queue(int i, RabbitDefinitions.Queue q) {
        String entry = "queues[" + i + "] (vhost '" + q.vhost() + "', name '" + q.name() + "')";
        requireVhost(entry, q.vhost());
        checkName(entry, "queue", q.name());
        if (q.name().startsWith("amq.")) {
            throw new DefinitionsException(entry + ": queue name '" + q.name() + "' contains reserved prefix 'amq.*'");
        }
        FieldTable args = table(entry, q.arguments());
        if (q.type() != null && !q.type().isEmpty() && !q.type().equals("classic") && !args.containsKey("x-queue-type")) {
            args = args.with("x-queue-type", q.type()); // how a client would declare that type
        }
        FieldTable arguments = args;
        VirtualHost existingVhost = broker.get(q.vhost());
        Queue existing = existingVhost == null ? null : existingVhost.queue(q.name());
        // the checks queue.declare makes (QueueCommands), in its order
        amqp(entry, () -> {
            QueueType type = existing == null ? QueueType.declared(arguments, q.name(), q.vhost())
                    : QueueType.of(arguments);
            QueueArguments.parse(type.validatedArguments(arguments), q.name(), q.vhost());
            if (existing == null) {
                type.checkNew(arguments, q.name(), q.vhost(), q.durable(), false, q.autoDelete());
            }
        });
        if (existing != null) {
            if (existing.exclusive()) {
                throw new DefinitionsException(entry + ": an exclusive queue of that name exists");
            }
            amqp(entry, () -> {
                Equivalence.checkQueue(existing, q.vhost(), q.durable(), q.autoDelete(), arguments);
            });
        }
        queueKeys.add(key(q.vhost(), q.name()));
        return new ImportPlan.QueueEntry(q.vhost(), q.name(), q.durable(), q.autoDelete(), arguments);
    }

    private ImportPlan.BindingEntry binding(int i, RabbitDefinitions.Binding b) {
        String entry = "bindings[" + i + "] (vhost '" + b.vhost() + "', " + b.source() + " -> " + b.destination() + ")";
        requireVhost(entry, b.vhost());
        if (b.source().isEmpty()) {
            throw new DefinitionsException(entry + ": operation not permitted on the default exchange");
        }
        requireExchange(entry, b.vhost(), b.source());
        boolean toQueue = switch (b.destinationType() == null ? "" : b.destinationType()) {
            case "queue" -> true;
            case "exchange" -> false;
            default -> throw new DefinitionsException(entry + ": destination_type must be 'queue' or 'exchange'");
        };
        if (toQueue) {
            VirtualHost v = broker.get(b.vhost());
            if (!queueKeys.contains(key(b.vhost(), b.destination())) && (v == null || v.queue(b.destination()) == null)) {
                throw new DefinitionsException(entry + ": no queue '" + b.destination() + "'");
            }
        } else {
            if (b.destination().isEmpty()) {
                throw new DefinitionsException(entry + ": operation not permitted on the default exchange");
            }
            requireExchange(entry, b.vhost(), b.destination());
        }
        String routingKey = b.routingKey() == null ? "" : b.routingKey();
        checkLength(entry, "routing key", routingKey);
        return new ImportPlan.BindingEntry(b.vhost(), b.source(), b.destination(), toQueue, routingKey,
                table(entry, b.arguments()));
    }

    private void requireExchange(String entry, String vhost, String name) {
        VirtualHost v = broker.get(vhost);
        if (v == null && PREDECLARED.contains(name)) {
            return; // a vhost new in this document: it will have the amq.* exchanges
        }
        if (!exchangeKeys.contains(key(vhost, name)) && (v == null || v.exchange(name) == null)) {
            throw new DefinitionsException(entry + ": no exchange '" + name + "'");
        }
    }

    private static void checkName(String entry, String kind, String name) {
        if (name == null || name.isEmpty()) {
            throw new DefinitionsException(entry + ": " + kind + " name must not be empty");
        }
        checkLength(entry, kind + " name", name);
    }

    private static void checkLength(String entry, String what, String value) {
        if (value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > Names.MAX_BYTES) {
            throw new DefinitionsException(entry + ": " + what + " longer than " + Names.MAX_BYTES + " bytes");
        }
    }

    private static FieldTable table(String entry, Map<String, Object> json) {
        try {
            return JsonArguments.toTable(json);
        } catch (IllegalArgumentException e) {
            throw new DefinitionsException(entry + ": arguments: " + e.getMessage());
        }
    }

    private static String key(String vhost, String name) {
        return vhost + '\u0000' + name;
    }

    /** Runs a check that throws the AMQP error a client would get; its text names the problem. */
    private static void amqp(String entry, Runnable check) {
        try {
            check.run();
        } catch (AmqpException e) {
            throw new DefinitionsException(entry + ": " + e.text());
        }
    }

    private static <T> T auth(String entry, java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (InvalidDefinitionException e) {
            throw new DefinitionsException(entry + ": " + e.getMessage());
        }
    }
}
