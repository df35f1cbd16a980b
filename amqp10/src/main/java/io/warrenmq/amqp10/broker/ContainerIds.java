package io.warrenmq.amqp10.broker;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The container-ids of the open AMQP 1.0 connections that asked to be their container's only one
 * ({@code sole-connection-for-container}, which qpid-jms desires on every connection: its JMS client
 * ID is the container-id). A second connection with a claimed id is refused at open with
 * {@code amqp:invalid-field} and info {@code {invalid-field: container-id}}, which qpid-jms turns into
 * JMS's {@code InvalidClientIDException}. Broker-wide, not per vhost, as JMS client IDs are.
 * RabbitMQ does not detect duplicates (its own JMS test of it is disabled); Qpid Broker-J and
 * Artemis do, the same way.
 *
 * <p>Thread-safety: shared by every AMQP 1.0 connection's event loop; a concurrent set.
 */
final class ContainerIds {
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();

    /** Claims {@code id}; false when another open connection holds it. */
    boolean claim(String id) {
        return claimed.add(id);
    }

    void release(String id) {
        claimed.remove(id);
    }
}
