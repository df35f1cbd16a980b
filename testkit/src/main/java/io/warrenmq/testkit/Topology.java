package io.warrenmq.testkit;

import io.warrenmq.auth.PasswordHashing;
import io.warrenmq.definitions.RabbitDefinitions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The broker's declared state for a test: virtual hosts, exchanges, queues, bindings (exchange to
 * queue and exchange to exchange), users, permissions and policies. The extension renders it as a
 * RabbitMQ definitions document (the {@code /api/definitions} format), imports it at start, and
 * {@link WarrenBroker#reset()} returns the broker to it.
 *
 * <pre>{@code
 * Topology.builder()
 *     .exchange("orders", "topic")
 *     .queue("billing", q -> q.argument("x-message-ttl", 60_000))
 *     .bind("orders", "billing", "order.#")
 *     .user("alice", "secret", "monitoring")
 *     .vhost("audit", v -> v.queue("events").permissions("alice", ".*", ".*", ".*"))
 *     .build();
 * }</pre>
 *
 * <p>Everything declared outside {@link Builder#vhost(String, Consumer)} goes into the default
 * vhost {@code /}. Exchanges and queues are durable and not auto-delete unless their options say
 * otherwise (the broker is in memory either way). Argument values are JSON values: numbers,
 * strings, booleans, lists and maps of them.
 *
 * <p>Immutable and comparable: two topologies built with the same calls are equal (PER_RUN
 * brokers are shared by classes whose settings are equal). Passwords are hashed when the topology
 * is rendered, not when it is built.
 */
public final class Topology {
    private static final Topology EMPTY = new Builder().build();

    record VhostSpec(String name) {
    }

    record ExchangeSpec(String vhost, String name, String type, boolean durable, boolean autoDelete, boolean internal,
            Map<String, Object> arguments) {
    }

    record QueueSpec(String vhost, String name, boolean durable, boolean autoDelete, Map<String, Object> arguments) {
    }

    record BindingSpec(String vhost, String source, String destination, boolean toQueue, String routingKey,
            Map<String, Object> arguments) {
    }

    record UserSpec(String name, String password, List<String> tags) {
    }

    record PermissionSpec(String user, String vhost, String configure, String write, String read) {
    }

    record PolicySpec(String vhost, String name, String pattern, String applyTo, long priority,
            Map<String, Object> definition) {
    }

    private final List<VhostSpec> vhosts;
    private final List<ExchangeSpec> exchanges;
    private final List<QueueSpec> queues;
    private final List<BindingSpec> bindings;
    private final List<UserSpec> users;
    private final List<PermissionSpec> permissions;
    private final List<PolicySpec> policies;

    private Topology(Lists l) {
        this.vhosts = List.copyOf(l.vhosts);
        this.exchanges = List.copyOf(l.exchanges);
        this.queues = List.copyOf(l.queues);
        this.bindings = List.copyOf(l.bindings);
        this.users = List.copyOf(l.users);
        this.permissions = List.copyOf(l.permissions);
        this.policies = List.copyOf(l.policies);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Nothing declared: the broker's default vhost {@code /} and default user {@code guest} only. */
    public static Topology empty() {
        return EMPTY;
    }

    public boolean isEmpty() {
        return equals(EMPTY);
    }

    /**
     * The definitions document this topology stands for. {@code adminUser} (the broker's default
     * user, which the extension's own connections use) gets full permissions on every vhost
     * declared here unless the topology sets its permissions there itself.
     */
    RabbitDefinitions toDefinitions(String adminUser) {
        Set<String> declaredVhosts = new LinkedHashSet<>();
        vhosts.forEach(v -> declaredVhosts.add(v.name()));
        List<RabbitDefinitions.Vhost> vhostDefs = new ArrayList<>();
        for (String v : declaredVhosts) {
            if (!v.equals("/")) {
                vhostDefs.add(new RabbitDefinitions.Vhost(v, "", List.of(), "", Map.of()));
            }
        }
        List<RabbitDefinitions.User> userDefs = new ArrayList<>();
        for (UserSpec u : users) {
            userDefs.add(new RabbitDefinitions.User(u.name(), PasswordHashing.SHA256.hash(u.password()),
                    PasswordHashing.SHA256.rabbitName(), u.tags(), Map.of()));
        }
        List<RabbitDefinitions.Permission> permissionDefs = new ArrayList<>();
        for (PermissionSpec p : permissions) {
            permissionDefs.add(new RabbitDefinitions.Permission(p.user(), p.vhost(), p.configure(), p.write(),
                    p.read()));
        }
        for (String v : declaredVhosts) {
            boolean set = permissions.stream().anyMatch(p -> p.user().equals(adminUser) && p.vhost().equals(v));
            if (!v.equals("/") && !set) {
                permissionDefs.add(new RabbitDefinitions.Permission(adminUser, v, ".*", ".*", ".*"));
            }
        }
        List<RabbitDefinitions.Policy> policyDefs = new ArrayList<>();
        for (PolicySpec p : policies) {
            policyDefs.add(new RabbitDefinitions.Policy(p.vhost(), p.name(), p.pattern(), p.applyTo(), p.priority(),
                    p.definition()));
        }
        List<RabbitDefinitions.Queue> queueDefs = new ArrayList<>();
        for (QueueSpec q : queues) {
            queueDefs.add(new RabbitDefinitions.Queue(q.vhost(), q.name(), q.durable(), q.autoDelete(), null,
                    q.arguments()));
        }
        List<RabbitDefinitions.Exchange> exchangeDefs = new ArrayList<>();
        for (ExchangeSpec x : exchanges) {
            exchangeDefs.add(new RabbitDefinitions.Exchange(x.vhost(), x.name(), x.type(), x.durable(), x.autoDelete(),
                    x.internal(), x.arguments()));
        }
        List<RabbitDefinitions.Binding> bindingDefs = new ArrayList<>();
        for (BindingSpec b : bindings) {
            bindingDefs.add(new RabbitDefinitions.Binding(b.vhost(), b.source(), b.destination(),
                    b.toQueue() ? "queue" : "exchange", b.routingKey(), b.arguments()));
        }
        return new RabbitDefinitions(null, null, userDefs, vhostDefs, permissionDefs, List.of(), List.of(), List.of(),
                policyDefs, queueDefs, exchangeDefs, bindingDefs);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Topology t && vhosts.equals(t.vhosts) && exchanges.equals(t.exchanges)
                && queues.equals(t.queues) && bindings.equals(t.bindings) && users.equals(t.users)
                && permissions.equals(t.permissions) && policies.equals(t.policies);
    }

    @Override
    public int hashCode() {
        return Objects.hash(vhosts, exchanges, queues, bindings, users, permissions, policies);
    }

    @Override
    public String toString() {
        return "Topology[vhosts=" + vhosts + ", exchanges=" + exchanges + ", queues=" + queues + ", bindings="
                + bindings + ", users=" + users.stream().map(UserSpec::name).toList() + ", permissions=" + permissions
                + ", policies=" + policies + "]";
    }

    /** The builder's collected entries, shared by a builder and its per-vhost children. */
    private static final class Lists {
        final List<VhostSpec> vhosts = new ArrayList<>();
        final List<ExchangeSpec> exchanges = new ArrayList<>();
        final List<QueueSpec> queues = new ArrayList<>();
        final List<BindingSpec> bindings = new ArrayList<>();
        final List<UserSpec> users = new ArrayList<>();
        final List<PermissionSpec> permissions = new ArrayList<>();
        final List<PolicySpec> policies = new ArrayList<>();
    }

    /**
     * Collects declarations for one vhost ({@code /} for the builder {@link Topology#builder()}
     * returns; the named one inside {@link #vhost(String, Consumer)}). Users are broker-wide
     * wherever they are declared. Not thread-safe.
     */
    public static final class Builder {
        private final Lists lists;
        private final String vhost;

        private Builder() {
            this(new Lists(), "/");
        }

        private Builder(Lists lists, String vhost) {
            this.lists = lists;
            this.vhost = vhost;
        }

        /** Declares an empty virtual host. */
        public Builder vhost(String name) {
            return vhost(name, v -> { });
        }

        /** Declares a virtual host and, through {@code contents}, what it holds. */
        public Builder vhost(String name, Consumer<Builder> contents) {
            Objects.requireNonNull(name, "name");
            VhostSpec spec = new VhostSpec(name);
            if (!lists.vhosts.contains(spec)) {
                lists.vhosts.add(spec);
            }
            contents.accept(new Builder(lists, name));
            return this;
        }

        /** A durable, not auto-delete, not internal exchange of {@code type} (direct, fanout, topic, headers). */
        public Builder exchange(String name, String type) {
            return exchange(name, type, x -> { });
        }

        public Builder exchange(String name, String type, Consumer<ExchangeOptions> options) {
            ExchangeOptions o = new ExchangeOptions();
            options.accept(o);
            lists.exchanges.add(new ExchangeSpec(vhost, name, type, o.durable, o.autoDelete, o.internal,
                    Map.copyOf(o.arguments)));
            return this;
        }

        /** A durable, not auto-delete classic queue without arguments. */
        public Builder queue(String name) {
            return queue(name, q -> { });
        }

        public Builder queue(String name, Consumer<QueueOptions> options) {
            QueueOptions o = new QueueOptions();
            options.accept(o);
            lists.queues.add(new QueueSpec(vhost, name, o.durable, o.autoDelete, Map.copyOf(o.arguments)));
            return this;
        }

        /** Binds {@code queue} to {@code exchange}. */
        public Builder bind(String exchange, String queue, String routingKey) {
            return bind(exchange, queue, routingKey, Map.of());
        }

        /** Binds {@code queue} to {@code exchange} with binding arguments (e.g. {@code x-match} for headers). */
        public Builder bind(String exchange, String queue, String routingKey, Map<String, ?> arguments) {
            lists.bindings.add(new BindingSpec(vhost, exchange, queue, true, routingKey, json(arguments)));
            return this;
        }

        /** Binds exchange {@code destination} to exchange {@code source}. */
        public Builder bindExchange(String source, String destination, String routingKey) {
            return bindExchange(source, destination, routingKey, Map.of());
        }

        public Builder bindExchange(String source, String destination, String routingKey, Map<String, ?> arguments) {
            lists.bindings.add(new BindingSpec(vhost, source, destination, false, routingKey, json(arguments)));
            return this;
        }

        /** A user (broker-wide) with a password and tags such as {@code administrator}, {@code monitoring}. */
        public Builder user(String name, String password, String... tags) {
            lists.users.add(new UserSpec(name, password, List.of(tags)));
            return this;
        }

        /** {@code user}'s configure, write and read permissions (regular expressions) on this vhost. */
        public Builder permissions(String user, String configure, String write, String read) {
            lists.permissions.add(new PermissionSpec(user, vhost, configure, write, read));
            return this;
        }

        /** A policy on this vhost for queues and exchanges ({@code apply-to all}) with priority 0. */
        public Builder policy(String name, String pattern, Map<String, ?> definition) {
            return policy(name, pattern, "all", 0, definition);
        }

        /** A policy; {@code applyTo} is {@code queues}, {@code exchanges} or {@code all}. */
        public Builder policy(String name, String pattern, String applyTo, int priority, Map<String, ?> definition) {
            lists.policies.add(new PolicySpec(vhost, name, pattern, applyTo, priority, json(definition)));
            return this;
        }

        public Topology build() {
            return new Topology(lists);
        }
    }

    /** Options of one exchange; defaults: durable, not auto-delete, not internal, no arguments. */
    public static final class ExchangeOptions {
        private boolean durable = true;
        private boolean autoDelete;
        private boolean internal;
        private final Map<String, Object> arguments = new LinkedHashMap<>();

        private ExchangeOptions() {
        }

        public ExchangeOptions durable(boolean on) {
            durable = on;
            return this;
        }

        public ExchangeOptions autoDelete(boolean on) {
            autoDelete = on;
            return this;
        }

        public ExchangeOptions internal(boolean on) {
            internal = on;
            return this;
        }

        /** An exchange argument, e.g. {@code alternate-exchange}. */
        public ExchangeOptions argument(String key, Object value) {
            arguments.put(key, jsonValue(value));
            return this;
        }
    }

    /** Options of one queue; defaults: durable, not auto-delete, no arguments. */
    public static final class QueueOptions {
        private boolean durable = true;
        private boolean autoDelete;
        private final Map<String, Object> arguments = new LinkedHashMap<>();

        private QueueOptions() {
        }

        public QueueOptions durable(boolean on) {
            durable = on;
            return this;
        }

        public QueueOptions autoDelete(boolean on) {
            autoDelete = on;
            return this;
        }

        /** A queue argument, e.g. {@code x-message-ttl}, {@code x-dead-letter-exchange}, {@code x-max-length}. */
        public QueueOptions argument(String key, Object value) {
            arguments.put(key, jsonValue(value));
            return this;
        }
    }

    private static Map<String, Object> json(Map<String, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, jsonValue(v)));
        return Map.copyOf(out);
    }

    /** Java values as the definitions reader yields JSON values: integers as Long, decimals as Double. */
    private static Object jsonValue(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof List<?> list) {
            return list.stream().map(Topology::jsonValue).toList();
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, x) -> out.put(String.valueOf(k), jsonValue(x)));
            return out;
        }
        if (v instanceof Long || v instanceof Double || v instanceof String || v instanceof Boolean) {
            return v;
        }
        throw new IllegalArgumentException("not a JSON value: " + v
                + (v == null ? "" : " (" + v.getClass().getName() + ")"));
    }
}
