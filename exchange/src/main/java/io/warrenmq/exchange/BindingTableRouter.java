package io.warrenmq.exchange;

import java.util.List;

/**
 * The mutation half shared by all routers: one lock serializes bind/unbind/removeDestination, a
 * {@link BindingTable} decides identity, and subclasses update their lock-free routing structure in
 * {@link #added}/{@link #removed}.
 *
 * <p>Thread-safety: mutators and queries take {@code this} router's private lock; {@code route} (in subclasses)
 * never does. {@link #size} is a volatile read.
 */
abstract class BindingTableRouter<D> implements Router<D> {

    private final Object lock = new Object();
    private final BindingTable<D> table = new BindingTable<>();
    private volatile int size;

    /** Called under the lock after {@code binding} entered the table; publish it to the routing structure. */
    abstract void added(Binding<D> binding);

    /** Called under the lock after {@code binding} left the table; unpublish it from the routing structure. */
    abstract void removed(Binding<D> binding);

    @Override
    public final boolean bind(Binding<D> binding) {
        synchronized (lock) {
            if (!table.add(binding)) {
                return false;
            }
            added(binding);
            size = table.size();
            return true;
        }
    }

    @Override
    public final boolean unbind(Binding<D> binding) {
        synchronized (lock) {
            if (!table.remove(binding)) {
                return false;
            }
            removed(binding);
            size = table.size();
            return true;
        }
    }

    @Override
    public final int removeDestination(D destination) {
        synchronized (lock) {
            List<Binding<D>> gone = table.removeAll(destination);
            for (Binding<D> binding : gone) {
                removed(binding);
            }
            size = table.size();
            return gone.size();
        }
    }

    @Override
    public final boolean hasBindingsTo(D destination) {
        synchronized (lock) {
            return table.hasBindingsTo(destination);
        }
    }

    @Override
    public final List<Binding<D>> bindings() {
        synchronized (lock) {
            return table.snapshot();
        }
    }

    @Override
    public final int size() {
        return size;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + size + " bindings]";
    }
}
