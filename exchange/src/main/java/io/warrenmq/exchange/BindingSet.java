package io.warrenmq.exchange;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An immutable set of bindings that share one routing target (a direct routing key, a topic trie node, a whole
 * fanout exchange) together with their distinct destinations, so routing needs no deduplication within a set.
 * Mutation is copy-on-write: {@link #with}/{@link #without} return a new set, which the owner publishes through a
 * volatile field or a concurrent map. Cost is O(bindings in this set) per change.
 *
 * <p>Thread-safety: immutable; safe to publish and read from any thread.
 */
final class BindingSet<D> {

    private static final Object[] NONE = new Object[0];
    private static final BindingSet<?> EMPTY = new BindingSet<>(NONE, NONE);

    private final Object[] bindings;
    private final Object[] destinations; // distinct, by equals

    private BindingSet(Object[] bindings, Object[] destinations) {
        this.bindings = bindings;
        this.destinations = destinations;
    }

    @SuppressWarnings("unchecked") // the shared empty set holds no elements of any type
    static <D> BindingSet<D> empty() {
        return (BindingSet<D>) EMPTY;
    }

    boolean isEmpty() {
        return bindings.length == 0;
    }

    int destinationCount() {
        return destinations.length;
    }

    @SuppressWarnings("unchecked") // only Ds are ever stored
    D destination(int i) {
        return (D) destinations[i];
    }

    /** Calls {@code sink} once per distinct destination. */
    void forEachDestination(Consumer<? super D> sink) {
        for (Object d : destinations) {
            @SuppressWarnings("unchecked") // only Ds are ever stored
            D destination = (D) d;
            sink.accept(destination);
        }
    }

    /** This set plus {@code binding}, which the caller knows is absent. */
    BindingSet<D> with(Binding<D> binding) {
        Object[] b = Arrays.copyOf(bindings, bindings.length + 1);
        b[bindings.length] = binding;
        Object[] d = destinations;
        if (indexOf(destinations, binding.destination()) < 0) {
            d = Arrays.copyOf(destinations, destinations.length + 1);
            d[destinations.length] = binding.destination();
        }
        return new BindingSet<>(b, d);
    }

    /** This set minus {@code binding}; the same set if absent; {@link #empty()} when nothing remains. */
    BindingSet<D> without(Binding<D> binding) {
        int at = indexOf(bindings, binding);
        if (at < 0) {
            return this;
        }
        if (bindings.length == 1) {
            return empty();
        }
        Object[] b = new Object[bindings.length - 1];
        System.arraycopy(bindings, 0, b, 0, at);
        System.arraycopy(bindings, at + 1, b, at, b.length - at);
        Object[] d = destinations;
        if (!stillLeadsTo(b, binding.destination())) {
            int di = indexOf(destinations, binding.destination());
            d = new Object[destinations.length - 1];
            System.arraycopy(destinations, 0, d, 0, di);
            System.arraycopy(destinations, di + 1, d, di, d.length - di);
        }
        return new BindingSet<>(b, d);
    }

    private static boolean stillLeadsTo(Object[] bindings, Object destination) {
        for (Object b : bindings) {
            if (((Binding<?>) b).destination().equals(destination)) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(Object[] array, Object o) {
        for (int i = 0; i < array.length; i++) {
            if (array[i].equals(o)) {
                return i;
            }
        }
        return -1;
    }
}
