package io.warrenmq.management.backend;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Virtual hosts, their limits, policies, runtime and global parameters, definitions, the cluster name.
 *
 * <p>Thread-safety: the read methods may be called on the management event loop (they read
 * snapshots). The changing methods write the definitions file, so resources call them on
 * {@link #changes()}, never on the event loop. Changing methods report bad input by throwing
 * {@link io.warrenmq.management.http.ApiException} with RabbitMQ's status and reason.
 */
public interface VhostBackend {
    /** Where configuration changes run: off the HTTP loop (they do file I/O), one at a time. */
    Executor changes();

    List<VhostView> vhosts();

    /** The vhost, or null. */
    VhostView vhost(String name);

    /** Creates or updates a vhost's metadata; true if it was created. */
    boolean putVhost(String name, String description, List<String> tags, String defaultQueueType);

    /** Deletes a vhost, closing its connections; false if there was none. */
    boolean deleteVhost(String name);

    /** The limits set on a vhost ("max-connections", "max-queues"), only those set; null for an unknown vhost. */
    Map<String, Long> vhostLimits(String vhost);

    /** Sets one vhost limit (a negative value removes it, as in RabbitMQ). */
    void setVhostLimit(String vhost, String limit, long value);

    /** Removes one vhost limit; false if it was not set. */
    boolean clearVhostLimit(String vhost, String limit);

    /** Policies ({@code operator} false) or operator policies of a vhost, or of all vhosts when null. */
    List<PolicyView> policies(String vhost, boolean operator);

    /** Validates and sets a policy as {@code rabbitmqctl set_policy} does; true if it was created. */
    boolean putPolicy(String vhost, String name, String pattern, String applyTo, long priority,
            Map<String, Object> definition, boolean operator);

    /** Clears a policy; false if there was none. */
    boolean deletePolicy(String vhost, String name, boolean operator);

    /** The global parameters by name, {@code cluster_name} among them (its default until set). */
    Map<String, Object> globalParameters();

    /**
     * Sets a global parameter, durably; true if it was created.
     *
     * @throws IllegalArgumentException for a value the parameter cannot take (a cluster_name that is no string)
     */
    boolean putGlobalParameter(String name, Object value);

    /** Clears a global parameter (cluster_name: back to its default); false if it was not set. */
    boolean deleteGlobalParameter(String name);

    /** The cluster name (the {@code cluster_name} global parameter). */
    default String clusterName() {
        return String.valueOf(globalParameters().get("cluster_name"));
    }

    /** The whole broker's definitions as RabbitMQ's export writes them (JSON). */
    byte[] exportDefinitions();

    /** Imports a RabbitMQ definitions document (JSON), all or nothing; 400 naming the first bad entry. */
    void importDefinitions(byte[] json);
}
