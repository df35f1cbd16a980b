package io.warrenmq.management.backend;

import io.warrenmq.auth.UserDatabase;
import io.warrenmq.management.security.Authenticator;

/**
 * Everything the management API knows of the broker: the narrow interface the server implements
 * ({@code io.warrenmq.server.management.BrokerManagement}). Reads return snapshots built for the
 * API; changes go through the same command paths AMQP uses (a queue declared here is declared
 * exactly like one declared with {@code queue.declare}).
 *
 * <p>One interface per concept, so each resource depends on what it uses:
 * topology (exchanges, queues, bindings, messages), vhosts (vhosts, limits, policies, parameters,
 * definitions), activity (connections, channels, consumers), node (identity, listeners, resources,
 * alarms) and stats (message rates and totals). Users and permissions are the auth module's
 * {@link UserDatabase}, which is not the broker's internals but a library of its own.
 *
 * <p>Thread-safety: every method may be called from the management event loop; none blocks on a
 * queue's loop (operations that need one return a {@link java.util.concurrent.CompletionStage}).
 */
public interface ManagementBackend {
    Authenticator authenticator();

    UserDatabase users();

    TopologyBackend topology();

    VhostBackend vhosts();

    ActivityBackend activity();

    NodeBackend node();

    StatsBackend stats();

    /** Trial routes for the web UI's routing tester (Warren's own endpoint, not RabbitMQ's). */
    RoutingBackend routing();
}
