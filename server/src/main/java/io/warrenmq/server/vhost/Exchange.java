package io.warrenmq.server.vhost;

import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.exchange.ExchangeType;
import io.warrenmq.exchange.Router;
import io.warrenmq.server.policy.EffectiveArguments;
import io.warrenmq.server.policy.VhostPolicies;

/**
 * A declared exchange: its attributes and its binding table.
 *
 * <p>Thread-safety: attributes are immutable but for what a policy sets (volatile, replaced whole
 * when the vhost's policies change); the router is safe for concurrent routing while bindings
 * change (mutations happen under the {@link VirtualHost} lock).
 */
public final class Exchange implements BindingDestination {
    private final String name;
    private final ExchangeType type;
    private final boolean durable;
    private final boolean autoDelete;
    private final boolean internal;
    private final FieldTable arguments;
    private final Router<BindingDestination> router;
    private final InboundBindings inbound = new InboundBindings();
    private final io.warrenmq.server.stats.ExchangeCounters counters = new io.warrenmq.server.stats.ExchangeCounters();
    /** The argument's alternate exchange, else the policy's (argument wins, as in RabbitMQ); null: none. */
    private volatile String alternateExchange;
    /** The name of the policy that applies, for the management API; null: none. */
    private volatile String policy;
    private volatile String operatorPolicy;

    public Exchange(String name, ExchangeType type, boolean durable, boolean autoDelete, boolean internal,
            FieldTable arguments) {
        this.name = name;
        this.type = type;
        this.durable = durable;
        this.autoDelete = autoDelete;
        this.internal = internal;
        this.arguments = arguments;
        this.router = Router.create(type);
        this.alternateExchange = arguments.getString("alternate-exchange");
    }

    /** The vhost's policies changed (or the exchange was just registered): re-resolve. Any thread. */
    public void applyPolicy(VhostPolicies.Matched m) {
        alternateExchange = EffectiveArguments.alternateExchange(arguments, m);
        policy = m.policy() == null ? null : m.policy().name();
        operatorPolicy = m.operatorPolicy() == null ? null : m.operatorPolicy().name();
    }

    /** Where a message this exchange cannot route goes next; null for nowhere. */
    public String alternateExchange() {
        return alternateExchange;
    }

    public String policy() {
        return policy;
    }

    public String operatorPolicy() {
        return operatorPolicy;
    }

    @Override
    public String name() {
        return name;
    }

    public ExchangeType type() {
        return type;
    }

    public boolean durable() {
        return durable;
    }

    public boolean autoDelete() {
        return autoDelete;
    }

    public boolean internal() {
        return internal;
    }

    public FieldTable arguments() {
        return arguments;
    }

    @Override
    public InboundBindings inboundBindings() {
        return inbound;
    }

    public Router<BindingDestination> router() {
        return router;
    }

    /** The default exchange ("") routes by queue name and has no binding table of its own. */
    public boolean isDefault() {
        return name.isEmpty();
    }

    /** The exchange's publish_in/publish_out counters (management stats and metrics). */
    public io.warrenmq.server.stats.ExchangeCounters counters() {
        return counters;
    }
}
