package io.warrenmq.testkit;

import io.netty.util.concurrent.ImmediateEventExecutor;
import io.warrenmq.auth.UserDatabase;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.exchange.Binding;
import io.warrenmq.server.Broker;
import io.warrenmq.server.Mailbox;
import io.warrenmq.server.policy.Policy;
import io.warrenmq.server.policy.VhostPolicies;
import io.warrenmq.server.queue.Queue;
import io.warrenmq.server.vhost.BindingDestination;
import io.warrenmq.server.vhost.Exchange;
import io.warrenmq.server.vhost.VhostLimits;
import io.warrenmq.server.vhost.VhostMetadata;
import io.warrenmq.server.vhost.VirtualHost;
import io.warrenmq.server.vhost.VirtualHosts;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The broker's state right after the declared definitions were imported, and the way back to it
 * ({@link WarrenBroker#reset()}).
 *
 * <p>The baseline is taken by identity: the {@code VirtualHost}, {@code Queue} and {@code Exchange}
 * objects that existed after the import, the bindings of each exchange, each vhost's metadata,
 * limits and policies, and a snapshot of the user database. Restoring:
 * <ol>
 *   <li>deletes every vhost that is not a baseline object (created by a test, or deleted and
 *       recreated), which closes its connections with 320 as a vhost deletion does;
 *   <li>in the remaining vhosts deletes every queue and exchange that is not a baseline object,
 *       purges the baseline queues (ready messages only: what open connections hold unacked stays
 *       theirs), removes bindings that were not there, and puts back metadata, limits and policies;
 *   <li>recreates missing baseline vhosts and, when anything declared is missing, imports the
 *       declared documents again (creating only what is absent) and retakes the object baseline;
 *   <li>puts back the user database (users, passwords, tags, permissions) as it was.
 * </ol>
 * Nothing goes through a socket: every step is a direct call on the broker's vhost registry and
 * queues, and queue work is posted to each queue's own loop and awaited.
 *
 * <p>why the shortcuts: most resets follow a test that changed little, and a reset's cost is then
 * what it touches, on caches the test's own traffic has just cooled. A declared queue that is
 * {@link Queue#idleAndEmpty() idle and empty} gets no purge (no round trip to its loop); a vhost
 * whose {@link VirtualHost#routingVersion() routing version} is where the last reset left it (see
 * {@link Marks}) is not compared exchange by exchange; policies and users are compared by identity
 * first, as both are replaced whole on every change.
 *
 * <p>Thread-safety: not thread-safe; call from the test thread (never an event loop's).
 */
final class BrokerBaseline {
    private static final long WAIT_SECONDS = 10;

    private record VhostState(VirtualHost vhost, VhostMetadata metadata, VhostLimits limits, List<Policy> policies,
            Map<String, Queue> queues, Map<String, Exchange> exchanges,
            Map<Exchange, Set<Binding<BindingDestination>>> bindings, Marks marks) {
    }

    /**
     * What the last reset left, to tell cheaply whether a test changed something since: the vhost's
     * routing version (-1: not yet known) and the policies object it had (policies are replaced,
     * never changed in place).
     */
    private static final class Marks {
        long routingVersion = -1;
        VhostPolicies policies;
    }

    private final Broker broker;
    private final List<byte[]> documents;
    /** Where the queues post their replies; kept, as its inbox is a chunk of 1,024 slots. */
    private final Mailbox replies = new Mailbox(ImmediateEventExecutor.INSTANCE, new RunReplies());
    private Map<String, VhostState> vhosts;
    private UserDatabase.Snapshot users;

    private BrokerBaseline(Broker broker, List<byte[]> documents) {
        this.broker = broker;
        this.documents = List.copyOf(documents);
    }

    /** Imports {@code documents} (definitions JSON, in order) into a started broker and takes the baseline. */
    static BrokerBaseline importAndCapture(Broker broker, List<byte[]> documents) {
        BrokerBaseline b = new BrokerBaseline(broker, documents);
        b.importDocuments();
        b.vhosts = b.captureVhosts();
        b.users = broker.users().snapshot();
        return b;
    }

    private void importDocuments() {
        for (byte[] d : documents) {
            broker.importDefinitions(new ByteArrayInputStream(d));
        }
    }

    private Map<String, VhostState> captureVhosts() {
        VirtualHosts registry = broker.vhosts();
        Map<String, VhostState> out = new HashMap<>();
        for (VirtualHost v : registry.all()) {
            Map<String, Queue> queues = new HashMap<>();
            v.queues().forEach(q -> queues.put(q.name(), q));
            Map<String, Exchange> exchanges = new HashMap<>();
            Map<Exchange, Set<Binding<BindingDestination>>> bindings = new IdentityHashMap<>();
            for (Exchange x : v.exchanges()) {
                exchanges.put(x.name(), x);
                bindings.put(x, new HashSet<>(x.router().bindings()));
            }
            Marks marks = new Marks();
            marks.policies = registry.policies(v.name());
            out.put(v.name(), new VhostState(v, registry.metadata(v.name()), registry.limits(v.name()),
                    marks.policies.all(), queues, exchanges, bindings, marks));
        }
        return out;
    }

    /** Returns the broker to the baseline; see the class comment for what that means. */
    void restore() {
        VirtualHosts registry = broker.vhosts();
        deleteForeignVhosts(registry);
        boolean missing = false;
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (VhostState base : vhosts.values()) {
            VirtualHost v = registry.get(base.vhost().name());
            if (v == null) {
                registry.create(base.vhost().name(), base.metadata());
                missing = true;
                continue;
            }
            for (Queue q : v.queues()) { // a live view: the deletions posted below leave it on the queues' loops
                boolean declared = base.queues().get(q.name()) == q;
                if (declared && q.idleAndEmpty()) {
                    continue; // why: nothing to purge, so no round trip to the queue's loop
                }
                CompletableFuture<Object> done = new CompletableFuture<>();
                if (declared) {
                    // why: a queue publishes its ready count after the batch that purged it, and the
                    // purge's reply runs within that batch; completing on the loop's next turn makes
                    // queueDepth() read 0 as soon as reset returns
                    q.purge(replies, n -> q.loop().execute(() -> done.complete(n)));
                } else {
                    q.delete(false, false, replies, done::complete);
                }
                pending.add(done);
            }
        }
        if (!pending.isEmpty()) {
            await(pending);
        }
        for (VhostState base : vhosts.values()) {
            VirtualHost v = registry.get(base.vhost().name());
            if (v == null || v != base.vhost()) {
                continue;
            }
            for (Map.Entry<String, Queue> e : base.queues().entrySet()) {
                missing |= v.queue(e.getKey()) != e.getValue();
            }
            if (base.marks().routingVersion != v.routingVersion()) {
                missing |= restoreRouting(v, base);
            }
            restoreSettings(registry, base);
        }
        if (missing) {
            importDocuments();
            vhosts = captureVhosts();
        }
        for (VhostState base : vhosts.values()) {
            // why: after this, the exchanges and bindings are the baseline's; until the version moves
            // again, the next reset need not compare them
            VirtualHost v = registry.get(base.vhost().name());
            base.marks().routingVersion = v == null ? -1 : v.routingVersion();
        }
        UserDatabase.Snapshot now = broker.users().snapshot();
        if (now != users && !now.equals(users)) {
            broker.users().replaceAll(users);
        }
    }

    /** Deletes every vhost that is not a baseline object (without copying the registry when there is none). */
    private void deleteForeignVhosts(VirtualHosts registry) {
        List<String> foreign = null;
        for (VirtualHost v : registry.all()) {
            VhostState base = vhosts.get(v.name());
            if (base == null || base.vhost() != v) {
                if (foreign == null) {
                    foreign = new ArrayList<>();
                }
                foreign.add(v.name());
            }
        }
        if (foreign != null) {
            foreign.forEach(registry::delete);
        }
    }

    /**
     * Deletes the exchanges and bindings the baseline does not have; returns whether one it has is
     * missing (deleted by the test: the documents are imported again).
     */
    private static boolean restoreRouting(VirtualHost v, VhostState base) {
        for (Exchange x : List.copyOf(v.exchanges())) {
            if (base.exchanges().get(x.name()) != x) {
                v.deleteExchange(x, false);
            }
        }
        for (Exchange x : List.copyOf(v.exchanges())) {
            Set<Binding<BindingDestination>> declared = base.bindings().getOrDefault(x, Set.of());
            for (Binding<BindingDestination> b : x.router().bindings()) {
                if (!declared.contains(b)) {
                    v.unbind(x, b.destination(), b.routingKey(), FieldTable.of(b.arguments()), () -> { });
                }
            }
        }
        boolean missing = false;
        for (Map.Entry<String, Exchange> e : base.exchanges().entrySet()) {
            Exchange x = e.getValue();
            missing |= v.exchange(e.getKey()) != x || !new HashSet<>(x.router().bindings())
                    .containsAll(base.bindings().getOrDefault(x, Set.of()));
        }
        return missing;
    }

    private static void restoreSettings(VirtualHosts registry, VhostState base) {
        String name = base.vhost().name();
        if (!base.metadata().equals(registry.metadata(name))) {
            registry.create(name, base.metadata());
        }
        if (!base.limits().equals(registry.limits(name))) {
            registry.setLimits(name, base.limits());
        }
        VhostPolicies current = registry.policies(name);
        if (current == base.marks().policies) {
            return;
        }
        List<Policy> now = current.all();
        if (!now.equals(base.policies())) {
            for (Policy p : now) {
                registry.clearPolicy(name, p.name(), p.operator());
            }
            for (Policy p : base.policies()) {
                registry.setPolicy(name, p);
            }
        }
        base.marks().policies = registry.policies(name);
    }

    private static void await(List<CompletableFuture<?>> pending) {
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resetting the broker", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("queues did not purge or delete within " + WAIT_SECONDS + " s", e);
        }
    }

    /** The queues' replies are Runnables posted to this mailbox; they run on the posting queue loop's thread. */
    private static final class RunReplies implements Mailbox.Handler {
        @Override
        public void handle(Object item) {
            ((Runnable) item).run();
        }

        @Override
        public void afterBatch() {
        }
    }
}
