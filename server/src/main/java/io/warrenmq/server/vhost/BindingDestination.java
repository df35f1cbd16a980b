package io.warrenmq.server.vhost;

/**
 * What a binding can point at: a queue, or (exchange-to-exchange bindings) another exchange.
 * Each destination remembers the bindings that point at it, so deleting it can remove them from
 * their source exchanges.
 */
public interface BindingDestination {
    String name();

    /** Guarded by the {@link VirtualHost} monitor. */
    InboundBindings inboundBindings();
}
