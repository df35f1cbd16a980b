package io.warrenmq.exchange;

import java.util.function.Consumer;

/**
 * Fanout exchange: every message goes to every bound destination, once each, whatever its routing key.
 *
 * <p>Thread-safety: {@code route} reads one volatile immutable {@link BindingSet}; serialized mutations replace
 * it copy-on-write (O(bindings) per change, fine for the hundreds-to-thousands of queues fanouts see).
 */
public final class FanoutRouter<D> extends BindingTableRouter<D> {

    private volatile BindingSet<D> all = BindingSet.empty();

    @Override
    void added(Binding<D> binding) {
        all = all.with(binding);
    }

    @Override
    void removed(Binding<D> binding) {
        all = all.without(binding);
    }

    @Override
    public void route(String routingKey, Headers headers, Consumer<? super D> sink) {
        all.forEachDestination(sink);
    }
}
