package io.warrenmq.exchange;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The authoritative set of an exchange's bindings, indexed by destination: answers "does this exact binding
 * exist" and "which bindings lead to this queue" without scanning, so deleting a queue costs only its own bindings.
 * Routers keep a separate read-optimized structure for {@code route}.
 *
 * <p>Thread-safety: not thread-safe; confined to the owning router's mutation lock.
 */
final class BindingTable<D> {

    private final Map<D, Set<Binding<D>>> byDestination = new HashMap<>();
    private int size;

    /** Adds the binding; false if an identical one exists. */
    boolean add(Binding<D> binding) {
        if (!byDestination.computeIfAbsent(binding.destination(), d -> new LinkedHashSet<>()).add(binding)) {
            return false;
        }
        size++;
        return true;
    }

    /** Removes the binding; false if absent. */
    boolean remove(Binding<D> binding) {
        Set<Binding<D>> set = byDestination.get(binding.destination());
        if (set == null || !set.remove(binding)) {
            return false;
        }
        if (set.isEmpty()) {
            byDestination.remove(binding.destination());
        }
        size--;
        return true;
    }

    /** Removes and returns all bindings to {@code destination}. */
    List<Binding<D>> removeAll(D destination) {
        Set<Binding<D>> set = byDestination.remove(destination);
        if (set == null) {
            return List.of();
        }
        size -= set.size();
        return new ArrayList<>(set);
    }

    boolean hasBindingsTo(D destination) {
        return byDestination.containsKey(destination);
    }

    List<Binding<D>> snapshot() {
        List<Binding<D>> all = new ArrayList<>(size);
        for (Set<Binding<D>> set : byDestination.values()) {
            all.addAll(set);
        }
        return all;
    }

    int size() {
        return size;
    }
}
