package io.warrenmq.server.vhost;

import io.warrenmq.exchange.Binding;
import java.util.ArrayList;
import java.util.List;

/**
 * The bindings that point at one destination.
 *
 * <p>Thread-safety: guarded by the {@link VirtualHost} monitor.
 */
public final class InboundBindings {
    /** A binding from {@code source} to the destination that owns this list. */
    public record BoundFrom(Exchange source, Binding<BindingDestination> binding) {
    }

    private final List<BoundFrom> bindings = new ArrayList<>();

    void add(Exchange source, Binding<BindingDestination> binding) {
        bindings.add(new BoundFrom(source, binding));
    }

    void remove(Exchange source, Binding<BindingDestination> binding) {
        bindings.remove(new BoundFrom(source, binding));
    }

    boolean contains(Exchange source, Binding<BindingDestination> binding) {
        return bindings.contains(new BoundFrom(source, binding));
    }

    List<BoundFrom> snapshot() {
        return List.copyOf(bindings);
    }

    void clear() {
        bindings.clear();
    }

    public int size() {
        return bindings.size();
    }
}
