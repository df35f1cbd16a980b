package io.warrenmq.server.vhost;

import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.ReplyCode;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.exchange.Binding;
import io.warrenmq.exchange.ExchangeType;
import io.warrenmq.server.policy.VhostPolicies;
import io.warrenmq.server.queue.Queue;
import io.warrenmq.server.queue.QueueType;
import io.warrenmq.store.DurableStore;
import io.netty.util.concurrent.EventExecutor;
import io.warrenmq.store.Definitions;
import io.warrenmq.server.clock.BrokerClock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One virtual host: its exchanges, queues and bindings.
 *
 * <p>Thread-safety: lookups are lock-free (concurrent maps) because publishing looks up an
 * exchange per message. Every change to the topology (declare, delete, bind, unbind) holds this
 * object's monitor, so check-then-act sequences such as "declare if absent, else compare" are
 * atomic; no I/O and no queue work happens under it.
 */
public final class VirtualHost {
    private final String name;
    private final Map<String, Exchange> exchanges = new ConcurrentHashMap<>();
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();
    /** Where durable topology and persistent messages go; null in in-memory mode. */
    private final DurableStore store;
    private final DirectReplies directReplies = new DirectReplies();
    private final io.warrenmq.server.stats.VhostCounters counters = new io.warrenmq.server.stats.VhostCounters();

    /** Writes the whole broker's definitions; null for a vhost on its own (tests), which saves only itself. */
    private final VirtualHosts registry;
    /**
     * Counts changes to the exchanges and bindings (not the queues); written under the monitor.
     * why: the testkit's reset compares it with the value it saw last, and skips comparing every
     * exchange's bindings with the baseline when nothing routed differently since.
     */
    private volatile long routingVersion;

    public VirtualHost(String name, DurableStore store) {
        this(name, store, null);
    }

    VirtualHost(String name, DurableStore store, VirtualHosts registry) {
        this.name = name;
        this.store = store;
        this.registry = registry;
        put(new Exchange("", ExchangeType.DIRECT, true, false, false, FieldTable.EMPTY));
        put(new Exchange("amq.direct", ExchangeType.DIRECT, true, false, false, FieldTable.EMPTY));
        put(new Exchange("amq.fanout", ExchangeType.FANOUT, true, false, false, FieldTable.EMPTY));
        put(new Exchange("amq.topic", ExchangeType.TOPIC, true, false, false, FieldTable.EMPTY));
        put(new Exchange("amq.headers", ExchangeType.HEADERS, true, false, false, FieldTable.EMPTY));
        put(new Exchange("amq.match", ExchangeType.HEADERS, true, false, false, FieldTable.EMPTY));
    }

    private void put(Exchange e) {
        e.applyPolicy(policies().forExchange(e.name()));
        exchanges.put(e.name(), e);
        routingChanged();
    }

    /** Not atomic, and need not be: every caller holds the monitor (or is the constructor). */
    private void routingChanged() {
        routingVersion++;
    }

    /**
     * A number that changes whenever an exchange or a binding of this vhost is added or removed
     * (deleting a queue with bindings included); equal values mean the same exchanges and bindings.
     */
    public long routingVersion() {
        return routingVersion;
    }

    /** The broker's clock; the system clock for a vhost outside a registry (unit tests). */
    public BrokerClock clock() {
        return registry == null ? BrokerClock.SYSTEM : registry.clock();
    }

    /** This vhost's policies; none for a vhost outside a registry (unit tests). */
    public VhostPolicies policies() {
        return registry == null ? VhostPolicies.NONE : registry.policies(name);
    }

    /** The policy and operator policy a queue of that name and arguments gets. */
    public VhostPolicies.Matched policyForQueue(String queueName, FieldTable arguments) {
        return policies().forQueue(queueName, QueueType.of(arguments).wireName());
    }

    /**
     * After a policy change: every queue and exchange re-resolves what its policy sets (queues on
     * their own loops), so a new max-length trims and a new TTL applies at once.
     */
    void policiesChanged() {
        VhostPolicies p = policies();
        for (Queue q : queues.values()) {
            q.applyPolicy(p.forQueue(q.name(), QueueType.of(q.arguments()).wireName()));
        }
        for (Exchange x : exchanges.values()) {
            x.applyPolicy(p.forExchange(x.name()));
        }
    }

    /** An in-memory vhost: nothing is stored. */
    public VirtualHost(String name) {
        this(name, null);
    }

    /** The broker's message observer ({@code NONE} for a vhost on its own). */
    public io.warrenmq.server.observe.MessageObserver observer() {
        return registry == null ? io.warrenmq.server.observe.MessageObserver.NONE : registry.observer();
    }

    public String name() {
        return name;
    }

    public DurableStore store() {
        return store;
    }

    /** The direct reply-to names in use (they are not queues and never touch the monitor). */
    public DirectReplies directReplies() {
        return directReplies;
    }

    /** The default exchange and the {@code amq.*} exchanges every vhost starts with. */
    static boolean isPredeclared(String exchangeName) {
        return exchangeName.isEmpty() || exchangeName.equals("amq.direct") || exchangeName.equals("amq.fanout")
                || exchangeName.equals("amq.topic") || exchangeName.equals("amq.headers")
                || exchangeName.equals("amq.match");
    }

    /**
     * Writes the durable topology after a change to it. Holds the monitor during the write
     * (why: topology changes are rare and must reach the disk in the order they happened; publishes
     * and deliveries never take this monitor).
     */
    private void saveDefinitions(boolean durableChange) {
        if (store == null || !durableChange) {
            return;
        }
        try {
            if (registry != null) {
                registry.save(); // every vhost's topology, the vhost list and the users, in one file
            } else {
                store.saveDefinitions(durableTopology());
            }
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            throw AmqpException.of(ReplyCode.INTERNAL_ERROR, "cannot write definitions: %s", e);
        }
    }

    /** This vhost's durable exchanges, queues and bindings, as the store keeps them. */
    Definitions durableTopology() {
        return DefinitionsSnapshot.of(name, exchanges.values(), queues.values());
    }

    public Exchange exchange(String exchangeName) {
        return exchanges.get(exchangeName);
    }

    public Exchange existingExchange(String exchangeName) {
        Exchange e = exchanges.get(exchangeName);
        if (e == null) {
            throw AmqpException.of(ReplyCode.NOT_FOUND, "no exchange '%s' in vhost '%s'", exchangeName, name);
        }
        return e;
    }

    public Queue queue(String queueName) {
        return queues.get(queueName);
    }

    public Queue existingQueue(String queueName) {
        Queue q = queues.get(queueName);
        if (q == null) {
            throw AmqpException.of(ReplyCode.NOT_FOUND, "no queue '%s' in vhost '%s'", queueName, name);
        }
        return q;
    }

    /** This vhost's limits; none for a vhost outside a registry (unit tests). */
    public VhostLimits limits() {
        return registry == null ? VhostLimits.NONE : registry.limits(name);
    }

    public Collection<Queue> queues() {
        return queues.values();
    }

    public Collection<Exchange> exchanges() {
        return exchanges.values();
    }

    /** Declares an exchange or checks an existing one is equivalent (406 otherwise). */
    public synchronized Exchange declareExchange(Exchange proposed) {
        Exchange existing = exchanges.get(proposed.name());
        if (existing == null) {
            put(proposed);
            saveDefinitions(proposed.durable());
            return proposed;
        }
        Equivalence.checkExchange(existing, name, proposed);
        return existing;
    }

    /** Deletes an exchange with the bindings from it and to it (RabbitMQ removes both). */
    public synchronized void deleteExchange(Exchange exchange, boolean ifUnused) {
        if (exchanges.get(exchange.name()) != exchange) {
            return;
        }
        if (ifUnused && !exchange.router().isEmpty()) {
            throw AmqpException.of(ReplyCode.PRECONDITION_FAILED, "exchange '%s' in vhost '%s' in use",
                    exchange.name(), name);
        }
        exchanges.remove(exchange.name());
        routingChanged();
        for (Binding<BindingDestination> b : exchange.router().bindings()) {
            exchange.router().unbind(b);
            b.destination().inboundBindings().remove(exchange, b);
        }
        boolean durableCascade = removeInbound(exchange);
        saveDefinitions(exchange.durable() || durableCascade);
    }

    /** Adds a queue unless one of that name exists; returns the queue now registered. */
    public synchronized Queue addQueueIfAbsent(Queue queue) {
        Queue existing = queues.putIfAbsent(queue.name(), queue);
        counters.queueDeclared(existing == null);
        if (existing == null) {
            saveDefinitions(DefinitionsSnapshot.isDurable(queue));
        }
        return existing == null ? queue : existing;
    }

    /** Removes a deleted queue and all its bindings; auto-delete exchanges left unbound go too. */
    public synchronized void removeQueue(Queue queue) {
        if (queues.remove(queue.name(), queue)) {
            counters.increment(io.warrenmq.server.stats.VhostStat.QUEUE_DELETED);
            boolean durableCascade = removeInbound(queue);
            saveDefinitions(DefinitionsSnapshot.isDurable(queue) || durableCascade);
        }
    }

    /**
     * Removes every binding that points at {@code destination}, one at a time, so an auto-delete
     * source goes exactly when its last one does; returns whether a durable exchange went with them.
     */
    private boolean removeInbound(BindingDestination destination) {
        boolean durableCascade = false;
        for (InboundBindings.BoundFrom bound : destination.inboundBindings().snapshot()) {
            routingChanged();
            bound.source().router().unbind(bound.binding());
            durableCascade |= maybeAutoDelete(bound.source());
        }
        destination.inboundBindings().clear();
        return durableCascade;
    }

    /**
     * Binds a queue or an exchange to {@code source}; both must still be registered.
     *
     * @return false if the binding existed already
     */
    public synchronized boolean bind(Exchange source, BindingDestination destination, String routingKey,
            FieldTable arguments) {
        if (exchanges.get(source.name()) != source) {
            throw AmqpException.of(ReplyCode.NOT_FOUND, "no exchange '%s' in vhost '%s'", source.name(), name);
        }
        if (!registered(destination)) {
            throw AmqpException.of(ReplyCode.NOT_FOUND, "no %s '%s' in vhost '%s'",
                    destination instanceof Queue ? "queue" : "exchange", destination.name(), name);
        }
        Binding<BindingDestination> binding = new Binding<>(destination, routingKey, arguments.asMap());
        if (source.router().bind(binding)) {
            routingChanged();
            destination.inboundBindings().add(source, binding);
            saveDefinitions(source.durable() && DefinitionsSnapshot.isDurable(destination));
            return true;
        }
        return false;
    }

    /**
     * Removes a binding if there is one (RabbitMQ 3.10+: unbinding what is not bound succeeds);
     * {@code checks} runs only when it exists, before it goes (RabbitMQ checks exclusive access to
     * the queue there, so removing nothing never fails on it).
     */
    public synchronized void unbind(Exchange source, BindingDestination destination, String routingKey,
            FieldTable arguments, Runnable checks) {
        Binding<BindingDestination> binding = new Binding<>(destination, routingKey, arguments.asMap());
        if (!destination.inboundBindings().contains(source, binding)) {
            return;
        }
        checks.run();
        if (source.router().unbind(binding)) {
            routingChanged();
            destination.inboundBindings().remove(source, binding);
            boolean durableCascade = maybeAutoDelete(source);
            saveDefinitions((source.durable() && DefinitionsSnapshot.isDurable(destination)) || durableCascade);
        }
    }

    private boolean registered(BindingDestination d) {
        return d instanceof Queue q ? queues.get(q.name()) == q : exchanges.get(d.name()) == d;
    }

    /**
     * At start-up, before any connection: recreates the durable topology and refills each durable
     * queue with its stored messages, in order. Entries that cannot be attached (an unknown
     * exchange type, a binding whose ends are gone) are skipped and returned as problems.
     */
    public synchronized List<String> restore(Definitions definitions, Supplier<EventExecutor> loops) {
        List<String> problems = new ArrayList<>();
        for (Definitions.ExchangeDef x : definitions.exchanges()) {
            if (!x.vhost().equals(name)) {
                continue;
            }
            Optional<ExchangeType> type = ExchangeType.fromWireName(x.type());
            if (type.isEmpty()) {
                problems.add("exchange '" + x.name() + "': unknown type '" + x.type() + "', skipped");
                continue;
            }
            put(new Exchange(x.name(), type.get(), true, x.autoDelete(), x.internal(),
                    DefinitionsSnapshot.decode(x.arguments())));
        }
        for (Definitions.QueueDef q : definitions.queues()) {
            if (q.vhost().equals(name)) {
                queues.put(q.name(), new Queue(this, q.name(), true, false, q.autoDelete(),
                        DefinitionsSnapshot.decode(q.arguments()), null, loops.get()));
            }
        }
        for (Definitions.BindingDef b : definitions.bindings()) {
            if (!b.vhost().equals(name)) {
                continue;
            }
            Exchange source = exchanges.get(b.source());
            BindingDestination destination = b.destinationIsQueue() ? queues.get(b.destination())
                    : exchanges.get(b.destination());
            if (source == null || destination == null) {
                problems.add("binding " + b.source() + " -> " + b.destination() + ": an end is missing, skipped");
                continue;
            }
            Binding<BindingDestination> binding = new Binding<>(destination, b.routingKey(),
                    DefinitionsSnapshot.args(b.arguments()));
            if (source.router().bind(binding)) {
                routingChanged();
                destination.inboundBindings().add(source, binding);
            }
        }
        for (Queue queue : queues.values()) {
            long[] stored = store.recoveredEntries(name, queue.name());
            queue.restoreStored(stored);
            if (stored.length > 0) {
                queue.nudge(); // a first batch over the recovered backlog (its figures, flow state, timers)
            } else {
                queue.armTimers(); // x-expires counts from start-up, as in RabbitMQ
            }
        }
        return problems;
    }

    /**
     * An auto-delete exchange is deleted when its last binding as a source goes, however it goes
     * (rabbit_exchange:maybe_auto_delete); one that never had a binding stays. Deleting it removes
     * the bindings to it, which may in turn delete their auto-delete sources. Returns whether a
     * durable exchange went (the definitions must then be written).
     */
    private boolean maybeAutoDelete(Exchange exchange) {
        if (exchange.autoDelete() && exchange.router().isEmpty() && exchanges.remove(exchange.name(), exchange)) {
            routingChanged();
            return removeInbound(exchange) | exchange.durable();
        }
        return false;
    }

    /** The vhost's {@code default_queue_type} ("" when none is set, or outside a registry). */
    public String defaultQueueType() {
        VhostMetadata metadata = registry == null ? null : registry.metadata(name);
        return metadata == null ? "" : metadata.defaultQueueType();
    }

    /** The vhost's message and churn counters (management stats and metrics). */
    public io.warrenmq.server.stats.VhostCounters counters() {
        return counters;
    }
}
