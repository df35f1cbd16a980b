package io.warrenmq.server.definitions;

import io.warrenmq.auth.Permissions;
import io.warrenmq.auth.TopicPermission;
import io.warrenmq.auth.User;
import io.warrenmq.auth.UserDatabase;
import io.warrenmq.auth.UserLimits;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.definitions.RabbitDefinitions;
import io.warrenmq.exchange.Binding;
import io.warrenmq.server.policy.Policy;
import io.warrenmq.server.queue.Queue;
import io.warrenmq.server.vhost.BindingDestination;
import io.warrenmq.server.vhost.Exchange;
import io.warrenmq.server.vhost.VhostLimits;
import io.warrenmq.server.vhost.VhostMetadata;
import io.warrenmq.server.vhost.VirtualHost;
import io.warrenmq.server.vhost.VirtualHosts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The broker's definitions as RabbitMQ exports them (rabbitmqctl export_definitions, GET
 * /api/definitions), so that RabbitMQ can import the result. What goes in follows RabbitMQ 3.10's
 * export, checked against a real one: every non-exclusive queue, durable or not; every exchange
 * but the default, the {@code amq.*} ones and internal ones; the bindings between those (never
 * from the default exchange); vhost limits as the {@code vhost-limits} runtime parameter.
 *
 * <p>Thread-safety: reads the concurrent registries without locks; a change made during an
 * export may or may not be in it.
 */
public final class DefinitionsExporter {
    private final VirtualHosts vhosts;
    private final UserDatabase users;
    private final String rabbitVersion;
    private final Map<String, Object> globalParameters;

    /**
     * {@code rabbitVersion}: the RabbitMQ release Warren claims (the importer reads it);
     * {@code globalParameters}: the global parameters by name, cluster_name among them.
     */
    public DefinitionsExporter(VirtualHosts vhosts, UserDatabase users, String rabbitVersion,
            Map<String, Object> globalParameters) {
        this.vhosts = vhosts;
        this.users = users;
        this.rabbitVersion = rabbitVersion;
        this.globalParameters = globalParameters;
    }

    public RabbitDefinitions export() {
        UserDatabase.Snapshot s = users.snapshot();
        List<RabbitDefinitions.User> userList = new ArrayList<>();
        for (User u : users.usersSorted()) {
            userList.add(new RabbitDefinitions.User(u.name(), u.passwordHash(), u.hashing().rabbitName(), u.tags(),
                    userLimits(u.limits())));
        }
        List<VirtualHost> hosts = new ArrayList<>(vhosts.all());
        hosts.sort(Comparator.comparing(VirtualHost::name));
        List<RabbitDefinitions.Vhost> vhostList = new ArrayList<>();
        List<RabbitDefinitions.Parameter> parameters = new ArrayList<>();
        List<RabbitDefinitions.Queue> queues = new ArrayList<>();
        List<RabbitDefinitions.Exchange> exchanges = new ArrayList<>();
        List<RabbitDefinitions.Binding> bindings = new ArrayList<>();
        List<RabbitDefinitions.Policy> policies = new ArrayList<>();
        for (VirtualHost v : hosts) {
            VhostMetadata m = vhosts.metadata(v.name());
            m = m == null ? VhostMetadata.NONE : m;
            vhostList.add(new RabbitDefinitions.Vhost(v.name(), m.description(), m.tags(),
                    m.defaultQueueType().isEmpty() ? "classic" : m.defaultQueueType(), Map.of()));
            VhostLimits limits = vhosts.limits(v.name());
            if (!limits.equals(VhostLimits.NONE)) {
                parameters.add(new RabbitDefinitions.Parameter(v.name(), "vhost-limits", "limits", vhostLimits(limits)));
            }
            for (Policy p : vhosts.policies(v.name()).all()) {
                if (p.operator()) {
                    Map<String, Object> value = new LinkedHashMap<>();
                    value.put("pattern", p.pattern());
                    value.put("definition", p.definition());
                    value.put("priority", (long) p.priority());
                    value.put("apply-to", p.applyTo().wireName());
                    parameters.add(new RabbitDefinitions.Parameter(v.name(), "operator_policy", p.name(), value));
                } else {
                    policies.add(new RabbitDefinitions.Policy(v.name(), p.name(), p.pattern(), p.applyTo().wireName(),
                            p.priority(), p.definition()));
                }
            }
            topology(v, queues, exchanges, bindings);
        }
        List<RabbitDefinitions.Permission> permissions = new ArrayList<>();
        s.permissions().entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<UserDatabase.VhostUser, Permissions> e) -> e.getKey().user())
                        .thenComparing(e -> e.getKey().vhost()))
                .forEach(e -> permissions.add(new RabbitDefinitions.Permission(e.getKey().user(), e.getKey().vhost(),
                        e.getValue().configure().source(), e.getValue().write().source(),
                        e.getValue().read().source())));
        List<RabbitDefinitions.TopicPermission> topics = new ArrayList<>();
        s.topicPermissions().entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<UserDatabase.TopicKey, TopicPermission> e) -> e.getKey().user())
                        .thenComparing(e -> e.getKey().vhost()).thenComparing(e -> e.getKey().exchange()))
                .forEach(e -> topics.add(new RabbitDefinitions.TopicPermission(e.getKey().user(), e.getKey().vhost(),
                        e.getKey().exchange(), e.getValue().write(), e.getValue().read())));
        List<RabbitDefinitions.GlobalParameter> globals = new ArrayList<>();
        globalParameters.forEach((name, value) -> globals.add(new RabbitDefinitions.GlobalParameter(name, value)));
        return new RabbitDefinitions(rabbitVersion, rabbitVersion, userList, vhostList, permissions, topics,
                parameters, globals, policies, queues, exchanges, bindings);
    }

    private static void topology(VirtualHost v, List<RabbitDefinitions.Queue> queues,
            List<RabbitDefinitions.Exchange> exchanges, List<RabbitDefinitions.Binding> bindings) {
        List<Queue> qs = new ArrayList<>(v.queues());
        qs.sort(Comparator.comparing(Queue::name));
        for (Queue q : qs) {
            if (!q.exclusive()) {
                String type = q.arguments().getString("x-queue-type");
                queues.add(new RabbitDefinitions.Queue(v.name(), q.name(), q.durable(), q.autoDelete(),
                        type == null ? "classic" : type, JsonArguments.toJson(q.arguments())));
            }
        }
        List<Exchange> xs = new ArrayList<>(v.exchanges());
        xs.sort(Comparator.comparing(Exchange::name));
        for (Exchange x : xs) {
            if (!exported(x)) {
                continue;
            }
            exchanges.add(new RabbitDefinitions.Exchange(v.name(), x.name(), x.type().wireName(), x.durable(),
                    x.autoDelete(), x.internal(), JsonArguments.toJson(x.arguments())));
        }
        for (Exchange x : xs) {
            // the default exchange's bindings are implicit; an internal exchange is not exported, so
            // neither are bindings at either end of one (an import could not resolve them)
            if (x.isDefault() || x.internal()) {
                continue;
            }
            List<Binding<BindingDestination>> sorted = new ArrayList<>(x.router().bindings());
            // a stable order, so two exports of the same state are the same file
            sorted.sort(Comparator.comparing((Binding<BindingDestination> b) -> b.destination() instanceof Queue)
                    .thenComparing(b -> b.destination().name()).thenComparing(Binding::routingKey)
                    .thenComparing(b -> String.valueOf(b.arguments())));
            for (Binding<BindingDestination> b : sorted) {
                BindingDestination d = b.destination();
                boolean skip = d instanceof Queue q ? q.exclusive() : ((Exchange) d).internal();
                if (!skip) {
                    bindings.add(new RabbitDefinitions.Binding(v.name(), x.name(), d.name(),
                            d instanceof Queue ? "queue" : "exchange", b.routingKey(),
                            JsonArguments.toJson(FieldTable.of(b.arguments()))));
                }
            }
        }
    }

    /** RabbitMQ 3.10 leaves out the default exchange, the {@code amq.*} ones and internal ones. */
    private static boolean exported(Exchange x) {
        return !x.isDefault() && !x.name().startsWith("amq.") && !x.internal();
    }

    private static Map<String, Object> userLimits(UserLimits l) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (l.maxConnections() >= 0) {
            m.put("max-connections", (long) l.maxConnections());
        }
        if (l.maxChannels() >= 0) {
            m.put("max-channels", (long) l.maxChannels());
        }
        return m;
    }

    private static Map<String, Object> vhostLimits(VhostLimits l) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (l.maxConnections() >= 0) {
            m.put("max-connections", (long) l.maxConnections());
        }
        if (l.maxQueues() >= 0) {
            m.put("max-queues", (long) l.maxQueues());
        }
        return m;
    }
}
