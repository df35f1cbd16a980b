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
public record Definitions(List<ExchangeDef> exchanges, List<QueueDef> queues, List<BindingDef> bindings) {
    private static final byte[] NONE = new byte[0];
    private static final Definitions EMPTY = new Definitions(List.of(), List.of(), List.of());

    public Definitions {
        exchanges = List.copyOf(exchanges);
        queues = List.copyOf(queues);
        bindings = List.copyOf(bindings);
    }

    public static Definitions empty() {
        return EMPTY;
    }

    public boolean isEmpty() {
        return exchanges.isEmpty() && queues.isEmpty() && bindings.isEmpty();
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
