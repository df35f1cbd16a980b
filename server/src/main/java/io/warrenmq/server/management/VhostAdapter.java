package io.warrenmq.server.management;

import io.warrenmq.auth.InvalidDefinitionException;
import io.warrenmq.definitions.DefinitionsException;
import io.warrenmq.definitions.DefinitionsWriter;
import io.warrenmq.management.backend.PolicyView;
import io.warrenmq.management.backend.VhostBackend;
import io.warrenmq.management.backend.VhostView;
import io.warrenmq.management.http.ApiException;
import io.warrenmq.server.Broker;
import io.warrenmq.server.definitions.DefinitionsExporter;
import io.warrenmq.server.policy.Policy;
import io.warrenmq.server.policy.PolicyException;
import io.warrenmq.server.vhost.VhostLimits;
import io.warrenmq.server.vhost.VhostMetadata;
import io.warrenmq.server.vhost.VirtualHost;
import io.warrenmq.server.vhost.VirtualHosts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The management API's {@link VhostBackend} over the running broker: every change goes through
 * the broker's own registry ({@link VirtualHosts}: create/delete, limits, policies) or its
 * definitions importer, so HTTP changes are validated, stored and applied as the CLI and imports
 * do.
 *
 * <p>Thread-safety: reads take the registry's lock-free snapshots. Changes run on one daemon
 * thread ({@link #changes()}), so the HTTP loop never waits for the definitions file and changes
 * are applied in the order they arrived.
 */
final class VhostAdapter implements VhostBackend {
    private static final String MAX_CONNECTIONS = "max-connections";
    private static final String MAX_QUEUES = "max-queues";

    private final Broker broker;
    /**
     * At most one thread, so changes apply in arrival order; it ends after an idle minute, because
     * the broker's close does not know this executor (and it must not keep the JVM up).
     */
    private final ThreadPoolExecutor changes = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "mgmt-changes");
                t.setDaemon(true);
                return t;
            });
    VhostAdapter(Broker broker) {
        this.broker = broker;
        changes.allowCoreThreadTimeOut(true);
    }

    @Override
    public Executor changes() {
        return changes;
    }

    private VirtualHosts registry() {
        return broker.vhosts();
    }

    @Override
    public List<VhostView> vhosts() {
        List<VhostView> out = new ArrayList<>();
        for (VirtualHost v : registry().all()) {
            VhostView view = vhost(v.name());
            if (view != null) {
                out.add(view);
            }
        }
        return out;
    }

    @Override
    public VhostView vhost(String name) {
        if (name == null || registry().get(name) == null) {
            return null;
        }
        VhostMetadata m = registry().metadata(name);
        m = m == null ? VhostMetadata.NONE : m;
        return new VhostView(name, m.description(), m.tags(),
                m.defaultQueueType().isEmpty() ? "classic" : m.defaultQueueType());
    }

    @Override
    public boolean putVhost(String name, String description, List<String> tags, String defaultQueueType) {
        if (defaultQueueType != null && !List.of("classic", "quorum", "stream").contains(defaultQueueType)) {
            throw ApiException.badRequest("Invalid default queue type '" + defaultQueueType
                    + "': must be classic, quorum or stream");
        }
        try {
            return registry().create(name, new VhostMetadata(description, tags, defaultQueueType));
        } catch (InvalidDefinitionException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    @Override
    public boolean deleteVhost(String name) {
        return registry().delete(name);
    }

    @Override
    public Map<String, Long> vhostLimits(String vhost) {
        if (registry().get(vhost) == null) {
            return null;
        }
        VhostLimits l = registry().limits(vhost);
        Map<String, Long> out = new LinkedHashMap<>();
        if (l.maxConnections() >= 0) {
            out.put(MAX_CONNECTIONS, (long) l.maxConnections());
        }
        if (l.maxQueues() >= 0) {
            out.put(MAX_QUEUES, (long) l.maxQueues());
        }
        return out;
    }

    @Override
    public void setVhostLimit(String vhost, String limit, long value) {
        if (value > Integer.MAX_VALUE) {
            throw ApiException.badRequest("Validation failed: " + limit + " " + value + " is too large");
        }
        int v = value < 0 ? -1 : (int) value; // RabbitMQ: a negative limit means no limit
        VhostLimits l = registry().limits(vhost);
        VhostLimits updated = switch (limit) {
            case MAX_CONNECTIONS -> l.withMaxConnections(v);
            case MAX_QUEUES -> l.withMaxQueues(v);
            default -> throw ApiException.badRequest("Validation failed: '" + limit
                    + "' is not a recognised vhost limit (max-connections, max-queues)");
        };
        if (!registry().setLimits(vhost, updated)) {
            throw ApiException.notFound("vhost_not_found");
        }
    }

    @Override
    public boolean clearVhostLimit(String vhost, String limit) {
        Map<String, Long> set = vhostLimits(vhost);
        if (set == null || !set.containsKey(limit)) {
            return false;
        }
        setVhostLimit(vhost, limit, -1);
        return true;
    }

    @Override
    public List<PolicyView> policies(String vhost, boolean operator) {
        List<PolicyView> out = new ArrayList<>();
        for (VirtualHost v : registry().all()) {
            if (vhost != null && !vhost.equals(v.name())) {
                continue;
            }
            for (Policy p : registry().policies(v.name()).all()) {
                if (p.operator() == operator) {
                    out.add(new PolicyView(v.name(), p.name(), p.pattern(), p.applyTo().wireName(), p.priority(),
                            p.definition(), p.operator()));
                }
            }
        }
        return out;
    }

    @Override
    public boolean putPolicy(String vhost, String name, String pattern, String applyTo, long priority,
            Map<String, Object> definition, boolean operator) {
        Policy policy;
        try {
            policy = Policy.of(name, pattern, applyTo, priority, definition, operator);
        } catch (PolicyException e) {
            throw ApiException.badRequest("Validation failed\n\n" + e.getMessage());
        }
        boolean existed = registry().policies(vhost).policy(name, operator) != null;
        if (!registry().setPolicy(vhost, policy)) {
            throw ApiException.notFound("vhost_not_found");
        }
        return !existed;
    }

    @Override
    public boolean deletePolicy(String vhost, String name, boolean operator) {
        return registry().clearPolicy(vhost, name, operator);
    }

    @Override
    public Map<String, Object> globalParameters() {
        return broker.globalParameters().all();
    }

    @Override
    public boolean putGlobalParameter(String name, Object value) {
        return broker.globalParameters().put(name, value);
    }

    @Override
    public boolean deleteGlobalParameter(String name) {
        return broker.globalParameters().delete(name);
    }

    @Override
    public byte[] exportDefinitions() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            DefinitionsWriter.write(new DefinitionsExporter(registry(), broker.users(),
                    broker.config().compatibilityVersion(), broker.globalParameters().all()).export(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public void importDefinitions(byte[] json) {
        try {
            broker.importDefinitions(new ByteArrayInputStream(json));
        } catch (DefinitionsException | InvalidDefinitionException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }
}
