package io.warrenmq.exchange;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Direct exchange: a message goes to the destinations bound with exactly its routing key (binding arguments
 * take no part in matching, only in identity). Backed by a map from routing key to an immutable
 * {@link BindingSet}, so a route is one hash lookup plus a loop over an array of distinct destinations.
 *
 * <p>Thread-safety: {@code route} is lock-free (a {@link ConcurrentHashMap} read of an immutable set);
 * mutations are serialized and replace one key's set copy-on-write.
 */
public final class DirectRouter<D> extends BindingTableRouter<D> {

    private final ConcurrentHashMap<String, BindingSet<D>> byKey = new ConcurrentHashMap<>();

    @Override
    void added(Binding<D> binding) {
        BindingSet<D> current = byKey.getOrDefault(binding.routingKey(), BindingSet.empty());
        byKey.put(binding.routingKey(), current.with(binding));
    }

    @Override
    void removed(Binding<D> binding) {
        BindingSet<D> current = byKey.get(binding.routingKey());
        if (current == null) {
            return;
        }
        BindingSet<D> next = current.without(binding);
        if (next.isEmpty()) {
            byKey.remove(binding.routingKey());
        } else {
            byKey.put(binding.routingKey(), next);
        }
    }

    @Override
    public void route(String routingKey, Headers headers, Consumer<? super D> sink) {
        BindingSet<D> set = byKey.get(routingKey == null ? "" : routingKey);
        if (set != null) {
            set.forEachDestination(sink);
        }
    }
}
