package io.warrenmq.management.backend;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Connections, channels and consumers: listing them and closing connections.
 *
 * <p>{@link #totals} is shared with the overview and the Prometheus metrics; its default answers
 * zero so that a backend without connections (a unit test's) still serves the rest. The other
 * defaults answer "nothing open", for the same reason.
 *
 * <p>Thread-safety: every method may be called from the management loop. Connection views are
 * read off published figures; channel and consumer views are gathered on the connections' own
 * loops, so they come as a {@link CompletionStage}.
 */
public interface ActivityBackend {
    /** How many of each there are now, broker-wide (the overview's {@code object_totals}). */
    record Totals(int connections, int channels, int consumers) {
    }

    default Totals totals() {
        return new Totals(0, 0, 0);
    }

    /** Every open connection (past connection.open). */
    default List<ConnectionView> connections() {
        return List.of();
    }

    /** One open connection by its name ({@code "127.0.0.1:54321 -> 127.0.0.1:5672"}). */
    default Optional<ConnectionView> connection(String name) {
        return Optional.empty();
    }

    /**
     * Closes a connection as {@code rabbitmqctl close_connection} does: connection.close with 320
     * CONNECTION_FORCED and {@code reason}. False when no such connection is open.
     */
    default boolean closeConnection(String name, String reason) {
        return false;
    }

    /**
     * The channels of the given connections (all of their open channels), each snapshot taken on
     * its connection's loop; a connection that closed meanwhile contributes none.
     */
    default CompletionStage<List<ChannelView>> channels(List<ConnectionView> of) {
        return CompletableFuture.completedFuture(List.of());
    }

    /** Whether the vhost exists (a vhost-scoped listing of an unknown one is 404). */
    default boolean vhostExists(String vhost) {
        return false;
    }
}
