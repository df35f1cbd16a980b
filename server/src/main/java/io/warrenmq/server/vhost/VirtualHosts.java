package io.warrenmq.server.vhost;

import io.netty.util.concurrent.EventExecutor;
import io.warrenmq.auth.InvalidDefinitionException;
import io.warrenmq.auth.Names;
import io.warrenmq.auth.UserDatabase;
import io.warrenmq.auth.UserDatabaseCodec;
import io.warrenmq.server.policy.Policy;
import io.warrenmq.server.policy.PolicyException;
import io.warrenmq.server.policy.VhostPolicies;
import io.warrenmq.server.queue.Queue;
import io.warrenmq.store.Definitions;
import io.warrenmq.store.DurableStore;
import io.warrenmq.server.clock.BrokerClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every virtual host of the broker, their metadata and open connections, and the one writer of
 * the definitions file: each save holds all vhosts' durable topology, the vhost list and the user
 * database, so no change in one vhost can drop another's.
 *
 * <p>Thread-safety: lookups are lock-free. {@link #save()} is synchronized on this object and reads
 * the vhosts' concurrent maps without their monitors (a vhost saving a change holds its own
 * monitor, then this one; this one never takes a vhost's, so the two cannot deadlock). A save that
 * sees another vhost's change half made is followed by that vhost's own save.
 */
public final class VirtualHosts {
    private static final Logger log = LoggerFactory.getLogger(VirtualHosts.class);

    private final Map<String, VirtualHost> vhosts = new ConcurrentHashMap<>();
    private final Map<String, VhostMetadata> metadata = new ConcurrentHashMap<>();
    private final Map<String, VhostLimits> limits = new ConcurrentHashMap<>();
    private final Map<String, VhostPolicies> policies = new ConcurrentHashMap<>();
    private final Map<String, Set<VhostConnection>> connections = new ConcurrentHashMap<>();
    private final DurableStore store;
    private final io.warrenmq.server.queue.ConsumerFilters consumerFilters = new io.warrenmq.server.queue.ConsumerFilters();
    private final UserDatabase users;
    private final Supplier<EventExecutor> loops;
    /** The broker's clock: every queue and connection of these vhosts reads time and arms timers through it. */
    private final BrokerClock clock;
    /** False until {@link #restore} finished: a save before then would write a half-restored topology. */
    private volatile boolean restored;
    /**
     * Set on a thread applying many changes at once (a definitions import): its saves are held back
     * and done once at the end, so importing n queues writes the file once, not n times. Other
     * threads' saves go on as usual (each writes the whole file, half-import included, and the
     * import's own final save follows).
     */
    private final ThreadLocal<boolean[]> deferredSave = new ThreadLocal<>();
    /** Set once, before restore and any connection (Broker.start); read when a queue or channel is created. */
    private volatile io.warrenmq.server.observe.MessageObserver observer = io.warrenmq.server.observe.MessageObserver.NONE;

    /** {@code store} null: in memory, nothing is saved. */
    public VirtualHosts(DurableStore store, UserDatabase users, Supplier<EventExecutor> loops) {
        this(store, users, loops, BrokerClock.SYSTEM);
    }

    /** As above, with the clock the queues and connections read (TTL, x-expires, timeouts, heartbeats). */
    public VirtualHosts(DurableStore store, UserDatabase users, Supplier<EventExecutor> loops, BrokerClock clock) {
        this.store = store;
        this.users = users;
        this.loops = loops;
        this.clock = clock;
        if (store != null) {
            users.onChange(s -> save());
        }
    }

    /** In memory, with {@code defaultVhost} only (tests, and a broker without a data directory). */
    public static VirtualHosts inMemory(UserDatabase users, String defaultVhost) {
        return inMemory(users, defaultVhost, () -> {
            throw new IllegalStateException("this in-memory registry has no event loops for queues");
        });
    }

    /** In memory, with event loops for queues created outside a connection (a definitions import). */
    public static VirtualHosts inMemory(UserDatabase users, String defaultVhost, Supplier<EventExecutor> loops) {
        return inMemory(users, defaultVhost, loops, BrokerClock.SYSTEM);
    }

    /** In memory, on {@code clock}. */
    public static VirtualHosts inMemory(UserDatabase users, String defaultVhost, Supplier<EventExecutor> loops,
            BrokerClock clock) {
        VirtualHosts v = new VirtualHosts(null, users, loops, clock);
        v.restore(Definitions.empty(), defaultVhost);
        return v;
    }

    /** Who is told about each message's publish, enqueue, delivery and settlement ({@code NONE}: nobody). */
    public io.warrenmq.server.observe.MessageObserver observer() {
        return observer;
    }

    /** Before {@link #restore} and the first connection: queues and channels take it when they are created. */
    public void observer(io.warrenmq.server.observe.MessageObserver observer) {
        this.observer = java.util.Objects.requireNonNull(observer);
    }

    public BrokerClock clock() {
        return clock;
    }

    /** The event loop a queue created outside any connection (by an import, an operator) runs on. */
    public EventExecutor nextLoop() {
        return loops.get();
    }

    /**
     * Runs {@code changes} with this thread's saves of the definitions file deferred to one save at
     * the end (also when {@code changes} fails, so what it did is durable or undone by it).
     */
    public void withOneSave(Runnable changes) {
        if (deferredSave.get() != null) {
            changes.run(); // nested: the outer call saves
            return;
        }
        boolean[] pending = {false};
        deferredSave.set(pending);
        try {
            changes.run();
        } finally {
            deferredSave.remove();
            if (pending[0]) {
                save();
            }
        }
    }

    /** The filters in-JVM protocols registered for their consumers (broker-wide). */
    public io.warrenmq.server.queue.ConsumerFilters consumerFilters() {
        return consumerFilters;
    }

    public VirtualHost get(String name) {
        return vhosts.get(name);
    }

    public Collection<VirtualHost> all() {
        return vhosts.values();
    }

    public VhostMetadata metadata(String name) {
        return metadata.get(name);
    }

    /** The vhost's policies and operator policies; none for an unknown vhost. */
    public VhostPolicies policies(String name) {
        return policies.getOrDefault(name, VhostPolicies.NONE);
    }

    /**
     * Sets (adds or replaces) a policy or operator policy, as {@code rabbitmqctl set_policy} does,
     * durably, and applies it at once to the vhost's queues and exchanges.
     *
     * @return false if there is no such vhost
     */
    public boolean setPolicy(String vhost, Policy policy) {
        return changePolicies(vhost, p -> p.with(policy));
    }

    /** Clears a policy ({@code clear_policy} / {@code clear_operator_policy}); false if there was none. */
    public boolean clearPolicy(String vhost, String name, boolean operator) {
        return policies(vhost).policy(name, operator) != null && changePolicies(vhost, p -> p.without(name, operator));
    }

    private synchronized boolean changePolicies(String vhost, java.util.function.UnaryOperator<VhostPolicies> change) {
        VirtualHost v = vhosts.get(vhost);
        if (v == null) {
            return false;
        }
        VhostPolicies updated = change.apply(policies(vhost));
        if (updated.isEmpty()) {
            policies.remove(vhost);
        } else {
            policies.put(vhost, updated);
        }
        save();
        v.policiesChanged();
        return true;
    }

    /** The vhost's limits; {@link VhostLimits#NONE} for an unknown vhost. */
    public VhostLimits limits(String name) {
        return limits.getOrDefault(name, VhostLimits.NONE);
    }

    /**
     * Sets a vhost's limits (RabbitMQ's {@code set_vhost_limits}), durably. They apply to the next
     * connection.open and queue.declare; what is already open stays, as in RabbitMQ.
     *
     * @return false if there is no such vhost
     */
    public boolean setLimits(String name, VhostLimits newLimits) {
        if (!vhosts.containsKey(name)) {
            return false;
        }
        limits.put(name, newLimits);
        save();
        return true;
    }

    /**
     * At start-up, before any connection: the stored vhosts, users and topology. A data directory
     * that never recorded its vhosts (new, or written by a Warren before vhosts were stored) gets
     * {@code defaultVhost}, as RabbitMQ creates its default vhost on first boot.
     *
     * @return entries that could not be restored (also logged by the caller)
     */
    public synchronized List<String> restore(Definitions definitions, String defaultVhost) {
        List<String> problems = new ArrayList<>();
        if (definitions.recordsVhosts()) {
            for (Definitions.VhostDef v : definitions.vhosts()) {
                register(v.name(), new VhostMetadata(v.description(), v.tags(), v.defaultQueueType()));
                VhostParameters stored;
                try {
                    stored = VhostParameters.decode(v.parameters());
                } catch (PolicyException e) {
                    problems.add("vhost '" + v.name() + "': policies unreadable (" + e.getMessage() + "), skipped");
                    stored = new VhostParameters(VhostLimits.decode(v.parameters()), VhostPolicies.NONE);
                }
                if (!stored.limits().equals(VhostLimits.NONE)) {
                    limits.put(v.name(), stored.limits());
                }
                if (!stored.policies().isEmpty()) {
                    policies.put(v.name(), stored.policies());
                }
            }
        } else {
            register(defaultVhost, new VhostMetadata("Default virtual host", List.of(), "classic"));
        }
        if (definitions.accessControl().length > 0) {
            try {
                users.replaceAll(UserDatabaseCodec.decode(definitions.accessControl()));
            } catch (InvalidDefinitionException e) {
                problems.add("users and permissions unreadable (" + e.getMessage() + "): starting without them");
            }
        }
        if (store != null) {
            for (VirtualHost v : vhosts.values()) {
                problems.addAll(v.restore(definitions, loops));
            }
        }
        restored = true;
        return problems;
    }

    /**
     * Creates a vhost (with the {@code amq.*} exchanges) or, if it exists, updates its metadata;
     * durable at once.
     *
     * @return whether it was created
     * @throws InvalidDefinitionException for an empty or oversized name
     */
    public boolean create(String name, VhostMetadata meta) {
        Names.check("vhost", name);
        boolean created = register(name, meta);
        save();
        if (created) {
            log.info("created vhost '{}'", name);
        }
        return created;
    }

    private boolean register(String name, VhostMetadata meta) {
        metadata.put(name, meta);
        return vhosts.putIfAbsent(name, new VirtualHost(name, store, this)) == null;
    }

    /**
     * Deletes a vhost as RabbitMQ does: its connections are closed with 320 CONNECTION_FORCED
     * ("vhost 'v' is deleted"), its queues deleted with their messages, its exchanges, bindings and
     * permissions removed, durably.
     *
     * @return false if there was no such vhost
     */
    public boolean delete(String name) {
        VirtualHost v = vhosts.remove(name);
        if (v == null) {
            return false;
        }
        metadata.remove(name);
        limits.remove(name);
        policies.remove(name);
        Set<VhostConnection> open = connections.remove(name);
        if (open != null) {
            open.forEach(c -> c.forceClose("vhost '" + name + "' is deleted"));
        }
        for (Queue q : v.queues()) {
            q.deleteAsync();
        }
        users.vhostDeleted(name); // saves too (the user database listener), after the vhost left the map
        save();
        log.info("deleted vhost '{}'", name);
        return true;
    }

    /** A connection opened {@code vhost}; it is force-closed if the vhost is deleted. */
    public void connected(String vhost, VhostConnection connection) {
        connections.computeIfAbsent(vhost, k -> ConcurrentHashMap.newKeySet()).add(connection);
        if (!vhosts.containsKey(vhost)) {
            // deleted between the lookup and now: the deletion's sweep may have missed us
            connections.remove(vhost);
            connection.forceClose("vhost '" + vhost + "' is deleted");
        }
    }

    public void disconnected(String vhost, VhostConnection connection) {
        Set<VhostConnection> set = connections.get(vhost);
        if (set != null) {
            set.remove(connection);
        }
    }

    public int connectionCount(String vhost) {
        Set<VhostConnection> set = connections.get(vhost);
        return set == null ? 0 : set.size();
    }

    /** Writes the whole definitions file: every vhost's durable topology, the vhost list, the users. */
    public void save() {
        boolean[] pending = deferredSave.get();
        if (pending != null) {
            pending[0] = true;
            return;
        }
        saveNow();
    }

    private synchronized void saveNow() {
        if (store == null || !restored) {
            return;
        }
        List<Definitions.ExchangeDef> exchanges = new ArrayList<>();
        List<Definitions.QueueDef> queues = new ArrayList<>();
        List<Definitions.BindingDef> bindings = new ArrayList<>();
        List<Definitions.VhostDef> list = new ArrayList<>();
        for (VirtualHost v : vhosts.values()) {
            Definitions d = v.durableTopology();
            exchanges.addAll(d.exchanges());
            queues.addAll(d.queues());
            bindings.addAll(d.bindings());
            VhostMetadata m = metadata.getOrDefault(v.name(), VhostMetadata.NONE);
            list.add(new Definitions.VhostDef(v.name(), m.description(), m.tags(), m.defaultQueueType(),
                    new VhostParameters(limits(v.name()), policies(v.name())).encode()));
        }
        try {
            store.saveDefinitions(new Definitions(exchanges, queues, bindings, list,
                    UserDatabaseCodec.encode(users.snapshot())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write definitions", e);
        }
    }
}
