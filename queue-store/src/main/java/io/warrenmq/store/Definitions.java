package io.warrenmq.store;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The durable topology: exchanges, queues and bindings, saved as one unit by
 * {@link DurableStore#saveDefinitions}. Arguments are the server's encoded field tables,
 * opaque to the store ({@code null} is stored as empty).
 *
 * <p>Thread-safety: immutable (the argument arrays are not copied: do not modify them).
 */
public record Definitions(List<ExchangeDef> exchanges, List<QueueDef> queues, List<BindingDef> bindings,
                          List<VhostDef> vhosts, byte[] accessControl) {
    private static final byte[] NONE = new byte[0];
    private static final Definitions EMPTY = new Definitions(List.of(), List.of(), List.of());

    /**
     * {@code vhosts} null means "not recorded" (a file written before virtual hosts were stored);
     * {@code accessControl} is the server's encoded user database, opaque here (empty: none stored).
     */
    public Definitions {
        exchanges = List.copyOf(exchanges);
        queues = List.copyOf(queues);
        bindings = List.copyOf(bindings);
        vhosts = vhosts == null ? null : List.copyOf(vhosts);
        accessControl = accessControl == null ? NONE : accessControl;
    }

    /** Topology only: no vhost list recorded, no access control. */
    public Definitions(List<ExchangeDef> exchanges, List<QueueDef> queues, List<BindingDef> bindings) {
        this(exchanges, queues, bindings, null, null);
    }

    public static Definitions empty() {
        return EMPTY;
    }

    public boolean isEmpty() {
        return exchanges.isEmpty() && queues.isEmpty() && bindings.isEmpty() && (vhosts == null || vhosts.isEmpty())
                && accessControl.length == 0;
    }

    /** Whether the vhost list was recorded (false for files from before it was). */
    public boolean recordsVhosts() {
        return vhosts != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Definitions d && exchanges.equals(d.exchanges) && queues.equals(d.queues)
                && bindings.equals(d.bindings) && Objects.equals(vhosts, d.vhosts)
                && Arrays.equals(accessControl, d.accessControl);
    }

    @Override
    public int hashCode() {
        return Objects.hash(exchanges, queues, bindings, vhosts, Arrays.hashCode(accessControl));
    }

    @Override
    public String toString() {
        return "Definitions[" + exchanges.size() + " exchanges, " + queues.size() + " queues, " + bindings.size()
                + " bindings, " + (vhosts == null ? "no vhost list" : vhosts.size() + " vhosts") + ", "
                + accessControl.length + " access-control bytes]";
    }

    /**
     * A virtual host and its metadata (RabbitMQ's description, tags and default queue type), and its
     * runtime parameters (limits...) as an opaque block the broker encodes: the store keeps them
     * crash-safe with the rest without knowing them.
     */
    public record VhostDef(String name, String description, List<String> tags, String defaultQueueType,
                           byte[] parameters) {
        public VhostDef {
            Objects.requireNonNull(name, "name");
            description = description == null ? "" : description;
            tags = List.copyOf(tags);
            defaultQueueType = defaultQueueType == null ? "" : defaultQueueType;
            parameters = parameters == null ? new byte[0] : parameters;
        }

        public VhostDef(String name, String description, List<String> tags, String defaultQueueType) {
            this(name, description, tags, defaultQueueType, new byte[0]);
        }

        // why by hand: a record compares arrays by identity
        @Override
        public boolean equals(Object o) {
            return o instanceof VhostDef v && name.equals(v.name) && description.equals(v.description)
                    && tags.equals(v.tags) && defaultQueueType.equals(v.defaultQueueType)
                    && java.util.Arrays.equals(parameters, v.parameters);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, description, tags, defaultQueueType) * 31 + java.util.Arrays.hashCode(parameters);
        }
    }

    /** Whether a queue of this name is defined. */
    public boolean hasQueue(String vhost, String queue) {
        for (QueueDef q : queues) {
            if (q.vhost().equals(vhost) && q.name().equals(queue)) {
                return true;
            }
        }
        return false;
    }

    /** A durable exchange. */
    public record ExchangeDef(String vhost, String name, String type, boolean autoDelete, boolean internal,
                              byte[] arguments) {
        public ExchangeDef {
            Objects.requireNonNull(vhost, "vhost");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            arguments = arguments == null ? NONE : arguments;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ExchangeDef e && vhost.equals(e.vhost) && name.equals(e.name) && type.equals(e.type)
                    && autoDelete == e.autoDelete && internal == e.internal && Arrays.equals(arguments, e.arguments);
        }

        @Override
        public int hashCode() {
            return Objects.hash(vhost, name, type, autoDelete, internal, Arrays.hashCode(arguments));
        }

        @Override
        public String toString() {
            return "ExchangeDef[" + vhost + "/" + name + " " + type + (autoDelete ? " auto-delete" : "")
                    + (internal ? " internal" : "") + ", " + arguments.length + " argument bytes]";
        }
    }

    /** A durable queue. */
    public record QueueDef(String vhost, String name, boolean autoDelete, byte[] arguments) {
        public QueueDef {
            Objects.requireNonNull(vhost, "vhost");
            Objects.requireNonNull(name, "name");
            arguments = arguments == null ? NONE : arguments;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof QueueDef q && vhost.equals(q.vhost) && name.equals(q.name)
                    && autoDelete == q.autoDelete && Arrays.equals(arguments, q.arguments);
        }

        @Override
        public int hashCode() {
            return Objects.hash(vhost, name, autoDelete, Arrays.hashCode(arguments));
        }

        @Override
        public String toString() {
            return "QueueDef[" + vhost + "/" + name + (autoDelete ? " auto-delete" : "") + ", "
                    + arguments.length + " argument bytes]";
        }
    }

    /** A binding from exchange {@code source} to a queue or exchange. */
    public record BindingDef(String vhost, String source, String destination, boolean destinationIsQueue,
                             String routingKey, byte[] arguments) {
        public BindingDef {
            Objects.requireNonNull(vhost, "vhost");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(routingKey, "routingKey");
            arguments = arguments == null ? NONE : arguments;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BindingDef b && vhost.equals(b.vhost) && source.equals(b.source)
                    && destination.equals(b.destination) && destinationIsQueue == b.destinationIsQueue
                    && routingKey.equals(b.routingKey) && Arrays.equals(arguments, b.arguments);
        }

        @Override
        public int hashCode() {
            return Objects.hash(vhost, source, destination, destinationIsQueue, routingKey, Arrays.hashCode(arguments));
        }

        @Override
        public String toString() {
            return "BindingDef[" + vhost + "/" + source + " -> " + (destinationIsQueue ? "queue " : "exchange ")
                    + destination + " '" + routingKey + "', " + arguments.length + " argument bytes]";
        }
    }
}
