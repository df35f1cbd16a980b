package io.warrenmq.server.definitions;

import io.warrenmq.auth.Permissions;
import io.warrenmq.auth.TopicPermission;
import io.warrenmq.auth.User;
import io.warrenmq.auth.UserDatabase;
import io.warrenmq.definitions.DefinitionsException;
import io.warrenmq.definitions.DefinitionsReader;
import io.warrenmq.definitions.RabbitDefinitions;
import io.warrenmq.server.parameters.GlobalParameters;
import io.warrenmq.server.queue.Queue;
import io.warrenmq.server.vhost.BindingDestination;
import io.warrenmq.server.vhost.Exchange;
import io.warrenmq.server.vhost.VhostLimits;
import io.warrenmq.server.vhost.VirtualHost;
import io.warrenmq.server.vhost.VirtualHosts;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports RabbitMQ's definitions document (rabbitmqctl import_definitions, POST /api/definitions,
 * {@code load_definitions}) all or nothing: the whole document is validated first
 * ({@link ImportValidator}), then applied with one write of the definitions file; if applying
 * still fails (a client changed the topology in between), what was applied is undone.
 *
 * <p>What RabbitMQ's import does and this one does too: users are created or replaced (hash,
 * tags, limits), vhosts created or their metadata updated, permissions set, exchanges, queues and
 * bindings declared with the same checks as over AMQP (an existing one must be equivalent).
 * Nothing is deleted that the document does not mention.
 *
 * <p>Thread-safety: imports are serialized on this object; call from any thread but an event
 * loop's (queue creation posts to loops).
 */
public final class DefinitionsImporter {
    private static final Logger log = LoggerFactory.getLogger(DefinitionsImporter.class);

    private final VirtualHosts vhosts;
    private final UserDatabase users;
    private final GlobalParameters globals;

    public DefinitionsImporter(VirtualHosts vhosts, UserDatabase users, GlobalParameters globals) {
        this.vhosts = vhosts;
        this.users = users;
        this.globals = globals;
    }

    /** Reads (at most {@code maxBytes}) and imports a document. */
    public ImportReport importFrom(InputStream in, long maxBytes) {
        return importDefinitions(DefinitionsReader.read(in, maxBytes));
    }

    /** @throws DefinitionsException naming the first bad entry; nothing was changed */
    public synchronized ImportReport importDefinitions(RabbitDefinitions d) {
        ImportPlan plan = new ImportValidator(vhosts, users.snapshot()).validate(d);
        Deque<Runnable> undo = new ArrayDeque<>();
        try {
            vhosts.withOneSave(() -> {
                try {
                    apply(plan, undo);
                } catch (RuntimeException e) {
                    undo.forEach(Runnable::run);
                    throw e;
                }
            });
        } catch (DefinitionsException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DefinitionsException("import undone: " + e.getMessage(), e);
        }
        ImportReport report = plan.report();
        log.info("imported definitions: {} users, {} vhosts, {} permissions, {} exchanges, {} queues, {} bindings, "
                + "{} policies", report.users(), report.vhosts(), report.permissions(), report.exchanges(),
                report.queues(), report.bindings(), report.policies());
        report.ignored().forEach(i -> log.warn("definitions import: not applied: {}", i));
        return report;
    }

    /** Applies in dependency order; each step pushes its inverse onto {@code undo} (run newest first). */
    private void apply(ImportPlan plan, Deque<Runnable> undo) {
        for (ImportPlan.VhostEntry v : plan.vhosts()) {
            var oldMeta = vhosts.metadata(v.name());
            if (vhosts.create(v.name(), v.metadata())) {
                undo.push(() -> vhosts.delete(v.name()));
            } else {
                undo.push(() -> vhosts.create(v.name(), oldMeta));
            }
            if (v.limits() != null) {
                VhostLimits old = vhosts.limits(v.name());
                vhosts.setLimits(v.name(), v.limits());
                undo.push(() -> vhosts.setLimits(v.name(), old));
            }
        }
        UserDatabase.Snapshot before = users.snapshot();
        users.replaceAll(merged(before, plan));
        undo.push(() -> users.replaceAll(before));
        for (ImportPlan.ExchangeEntry x : plan.exchanges()) {
            VirtualHost v = vhosts.get(x.vhost());
            Exchange proposed = new Exchange(x.name(), x.type(), x.durable(), x.autoDelete(), x.internal(),
                    x.arguments());
            if (v.declareExchange(proposed) == proposed) {
                undo.push(() -> v.deleteExchange(proposed, false));
            }
        }
        for (ImportPlan.QueueEntry q : plan.queues()) {
            VirtualHost v = vhosts.get(q.vhost());
            Queue proposed = new Queue(v, q.name(), q.durable(), false, q.autoDelete(), q.arguments(), null,
                    vhosts.nextLoop());
            if (v.addQueueIfAbsent(proposed) == proposed) {
                proposed.armTimers(); // x-expires runs from the import, as after a declare
                undo.push(proposed::deleteAsync);
            }
        }
        for (ImportPlan.PolicyEntry pe : plan.policies()) {
            var old = vhosts.policies(pe.vhost()).policy(pe.policy().name(), pe.policy().operator());
            vhosts.setPolicy(pe.vhost(), pe.policy());
            undo.push(() -> {
                if (old == null) {
                    vhosts.clearPolicy(pe.vhost(), pe.policy().name(), pe.policy().operator());
                } else {
                    vhosts.setPolicy(pe.vhost(), old);
                }
            });
        }
        for (ImportPlan.BindingEntry b : plan.bindings()) {
            VirtualHost v = vhosts.get(b.vhost());
            Exchange source = v.existingExchange(b.source());
            BindingDestination destination = b.toQueue() ? v.existingQueue(b.destination())
                    : v.existingExchange(b.destination());
            if (v.bind(source, destination, b.routingKey(), b.arguments())) {
                undo.push(() -> v.unbind(source, destination, b.routingKey(), b.arguments(), () -> { }));
            }
        }
        for (RabbitDefinitions.GlobalParameter g : plan.globals()) {
            java.util.Optional<Object> old = globals.stored(g.name());
            globals.put(g.name(), g.value());
            // undone: back to what was stored, or unset (cluster_name: back to its default)
            undo.push(() -> old.ifPresentOrElse(v -> globals.put(g.name(), v), () -> globals.delete(g.name())));
        }
    }

    /** The broker's users and permissions with the document's added or replacing theirs. */
    private static UserDatabase.Snapshot merged(UserDatabase.Snapshot s, ImportPlan plan) {
        Map<String, User> u = new HashMap<>(s.users());
        plan.users().forEach(user -> u.put(user.name(), user));
        Map<UserDatabase.VhostUser, Permissions> p = new HashMap<>(s.permissions());
        p.putAll(plan.permissions());
        Map<UserDatabase.TopicKey, TopicPermission> t = new HashMap<>(s.topicPermissions());
        t.putAll(plan.topicPermissions());
        return new UserDatabase.Snapshot(u, p, t);
    }
}
