package io.warrenmq.server.management;

import io.warrenmq.auth.UserDatabase;
import io.warrenmq.management.backend.ActivityBackend;
import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.backend.NodeBackend;
import io.warrenmq.management.backend.RoutingBackend;
import io.warrenmq.management.backend.StatsBackend;
import io.warrenmq.management.backend.TopologyBackend;
import io.warrenmq.management.backend.VhostBackend;
import io.warrenmq.management.security.Authenticator;
import io.warrenmq.server.Broker;

/**
 * The broker as the management module sees it: one adapter per backend concept, each reading the
 * running {@link Broker} through its public operations. The management module depends on nothing
 * of the server; the server implements its interfaces here (see docs/architecture.md, "Modules").
 *
 * <p>Thread-safety: built once the broker has started; every adapter is shareable.
 */
public final class BrokerManagement implements ManagementBackend {
    private final Broker broker;
    private final HttpLogin login;
    private final TopologyAdapter topology;
    private final VhostAdapter vhosts;
    private final ActivityAdapter activity;
    private final NodeAdapter node;
    private final StatsAdapter stats;
    private final RoutingAdapter routing;

    /** @param amqpLogin the AMQP listeners' authenticator, whose rules and failure counts HTTP shares */
    public BrokerManagement(Broker broker, io.warrenmq.server.connection.Authenticator amqpLogin) {
        this.broker = broker;
        this.login = new HttpLogin(amqpLogin, broker.users());
        this.topology = new TopologyAdapter(broker);
        this.vhosts = new VhostAdapter(broker);
        this.activity = new ActivityAdapter(broker);
        this.node = new NodeAdapter(broker);
        this.stats = new StatsAdapter(broker);
        this.routing = new RoutingAdapter(broker);
    }

    @Override
    public Authenticator authenticator() {
        return login;
    }

    @Override
    public UserDatabase users() {
        return broker.users();
    }

    @Override
    public TopologyBackend topology() {
        return topology;
    }

    @Override
    public VhostBackend vhosts() {
        return vhosts;
    }

    @Override
    public ActivityBackend activity() {
        return activity;
    }

    @Override
    public NodeBackend node() {
        return node;
    }

    @Override
    public StatsBackend stats() {
        return stats;
    }

    @Override
    public RoutingBackend routing() {
        return routing;
    }
}
