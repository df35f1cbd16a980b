package io.warrenmq.exchange;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One binding of an exchange to a destination (a queue, or an exchange for exchange-to-exchange bindings).
 *
 * <p>Identity is (destination, routingKey, arguments) as in RabbitMQ: two bindings that differ only in their
 * arguments are distinct bindings. Arguments are compared by value and by field type, so {@code byte[]} compares
 * by content, Integer 1 differs from Long 1 (RabbitMQ compares typed field-table terms), and the order of the
 * top-level arguments does not matter (RabbitMQ sorts them). A void argument is a {@code null} value.
 *
 * <p>Thread-safety: immutable (arguments are copied into an unmodifiable map); do not mutate byte[] values
 * after constructing a binding.
 *
 * @param destination where matching messages go; compared with equals/hashCode
 * @param routingKey the binding key ({@code ""} when null)
 * @param arguments the binding arguments ({@code x-match} and headers for headers exchanges)
 */
public record Binding<D>(D destination, String routingKey, Map<String, Object> arguments) {

    public Binding {
        Objects.requireNonNull(destination, "destination");
        routingKey = routingKey == null ? "" : routingKey;
        // why: Map.copyOf rejects null values, but void arguments are legal and mean "header present"
        arguments = arguments == null || arguments.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }

    /** A binding without arguments. */
    public Binding(D destination, String routingKey) {
        this(destination, routingKey, Map.of());
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Binding<?> other)) {
            return false;
        }
        return destination.equals(other.destination)
                && routingKey.equals(other.routingKey)
                && FieldValues.sameTerm(arguments, other.arguments);
    }

    @Override
    public int hashCode() {
        return (destination.hashCode() * 31 + routingKey.hashCode()) * 31 + FieldValues.termHash(arguments);
    }

    @Override
    public String toString() {
        return "Binding[" + destination + " <- '" + routingKey + "' " + arguments + "]";
    }
}
