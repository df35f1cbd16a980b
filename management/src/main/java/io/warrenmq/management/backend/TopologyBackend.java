package io.warrenmq.management.backend;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Exchanges, queues, bindings, publishing and getting messages.
 *
 * <p>The read methods are shared: the API's resources, the overview's totals and the Prometheus
 * metrics all list queues and exchanges through them. Their defaults answer "nothing" so that a
 * backend without topology (a unit test's) still serves the rest.
 */
public interface TopologyBackend {
    /** Every queue in {@code vhost}, or in every vhost when {@code vhost} is null; any order. */
    default List<QueueView> queues(String vhost) {
        return List.of();
    }

    /** Every exchange in {@code vhost}, or in every vhost when null (including the default exchange ""). */
    default List<ExchangeView> exchanges(String vhost) {
        return List.of();
    }

    /** Whether the vhost exists (a vhost-scoped listing of an unknown one is 404). */
    default boolean vhostExists(String vhost) {
        return false;
    }

    /** One queue, or null. */
    default QueueView queue(String vhost, String name) {
        return queues(vhost).stream().filter(q -> q.name().equals(name)).findFirst().orElse(null);
    }

    /** One exchange ("" is the default exchange), or null. */
    default ExchangeView exchange(String vhost, String name) {
        return exchanges(vhost).stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
    }

    /** Every binding in {@code vhost} (every vhost when null), the default exchange's implicit ones included. */
    default List<BindingView> bindings(String vhost) {
        return List.of();
    }

    /** queue.declare (not passive); completes once the broker answered declare-ok. */
    default CompletionStage<Void> declareQueue(String user, String vhost, QueueDeclaration q) {
        return unsupported();
    }

    /** queue.delete, with RabbitMQ's if-unused / if-empty; completes with the message count. */
    default CompletionStage<Long> deleteQueue(String user, String vhost, String name, boolean ifUnused,
            boolean ifEmpty) {
        return unsupported();
    }

    /** queue.purge; completes with the number of messages removed. */
    default CompletionStage<Long> purgeQueue(String user, String vhost, String name) {
        return unsupported();
    }

    /** Up to {@code count} basic.gets, settled as {@code mode} says. */
    default CompletionStage<List<GotMessage>> get(String user, String vhost, String queue, int count, AckMode mode) {
        return unsupported();
    }

    /** exchange.declare (not passive). */
    default CompletionStage<Void> declareExchange(String user, String vhost, ExchangeDeclaration x) {
        return unsupported();
    }

    /** exchange.delete with if-unused. */
    default CompletionStage<Void> deleteExchange(String user, String vhost, String name, boolean ifUnused) {
        return unsupported();
    }

    /** basic.publish with mandatory set; completes with whether a queue took the message. */
    default CompletionStage<Boolean> publish(String user, String vhost, String exchange, OutgoingMessage message) {
        return unsupported();
    }

    /** queue.bind or exchange.bind, as {@code b.destinationType()} says. */
    default CompletionStage<Void> bind(String user, BindingView b) {
        return unsupported();
    }

    /** queue.unbind or exchange.unbind. */
    default CompletionStage<Void> unbind(String user, BindingView b) {
        return unsupported();
    }

    private static <T> CompletionStage<T> unsupported() {
        return CompletableFuture.failedFuture(new BrokerRefusal(540, "NOT_IMPLEMENTED - no broker behind this API"));
    }
}
