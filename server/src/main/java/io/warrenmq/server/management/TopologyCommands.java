package io.warrenmq.server.management;

import io.warrenmq.codec.method.BasicMethod;
import io.warrenmq.codec.method.ExchangeMethod;
import io.warrenmq.codec.method.Method;
import io.warrenmq.codec.method.QueueMethod;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.management.backend.AckMode;
import io.warrenmq.management.backend.BindingView;
import io.warrenmq.management.backend.BrokerRefusal;
import io.warrenmq.management.backend.ExchangeDeclaration;
import io.warrenmq.management.backend.GotMessage;
import io.warrenmq.management.backend.OutgoingMessage;
import io.warrenmq.management.backend.QueueDeclaration;
import io.warrenmq.server.Broker;
import io.warrenmq.server.definitions.JsonArguments;
import io.warrenmq.server.direct.DirectException;
import io.warrenmq.server.direct.DirectSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The management API's changes to exchanges, queues and bindings, and its publish and get: each one
 * is the AMQP method a client would send, over a {@link DirectSession} opened as the HTTP user, so
 * the broker's own command code decides (permissions, validation, equivalence, limits, durability).
 * This is how RabbitMQ's management plugin does it too (rabbit_mgmt_util:with_channel).
 *
 * <p>Thread-safety: stateless apart from the broker; stages complete on an {@code amqp-io} loop.
 */
final class TopologyCommands {
    private final Broker broker;

    TopologyCommands(Broker broker) {
        this.broker = broker;
    }

    CompletionStage<Void> declareQueue(String user, String vhost, QueueDeclaration q) {
        return with(user, vhost, s -> s.call(new QueueMethod.Declare(q.name(), false, q.durable(), false,
                q.autoDelete(), false, table(q.arguments())), QueueMethod.DeclareOk.class::isInstance)
                .thenApply(r -> null));
    }

    CompletionStage<Long> deleteQueue(String user, String vhost, String name, boolean ifUnused, boolean ifEmpty) {
        return with(user, vhost, s -> s.call(new QueueMethod.Delete(name, ifUnused, ifEmpty, false),
                QueueMethod.DeleteOk.class::isInstance).thenApply(r -> ((QueueMethod.DeleteOk) r.method()).messageCount()));
    }

    CompletionStage<Long> purgeQueue(String user, String vhost, String name) {
        return with(user, vhost, s -> s.call(new QueueMethod.Purge(name, false),
                QueueMethod.PurgeOk.class::isInstance).thenApply(r -> ((QueueMethod.PurgeOk) r.method()).messageCount()));
    }

    CompletionStage<Void> declareExchange(String user, String vhost, ExchangeDeclaration x) {
        return with(user, vhost, s -> s.call(new ExchangeMethod.Declare(x.name(), x.type(), false, x.durable(),
                x.autoDelete(), x.internal(), false, table(x.arguments())), ExchangeMethod.DeclareOk.class::isInstance)
                .thenApply(r -> null));
    }

    CompletionStage<Void> deleteExchange(String user, String vhost, String name, boolean ifUnused) {
        return with(user, vhost, s -> s.call(new ExchangeMethod.Delete(name, ifUnused, false),
                ExchangeMethod.DeleteOk.class::isInstance).thenApply(r -> null));
    }

    CompletionStage<Void> bind(String user, BindingView b) {
        FieldTable args = table(b.arguments());
        Method m = b.destinationType().equals("queue")
                ? new QueueMethod.Bind(b.destination(), b.source(), b.routingKey(), false, args)
                : new ExchangeMethod.Bind(b.destination(), b.source(), b.routingKey(), false, args);
        return with(user, b.vhost(), s -> s.call(m, r -> r instanceof QueueMethod.BindOk
                || r instanceof ExchangeMethod.BindOk).thenApply(r -> null));
    }

    CompletionStage<Void> unbind(String user, BindingView b) {
        FieldTable args = table(b.arguments());
        Method m = b.destinationType().equals("queue")
                ? new QueueMethod.Unbind(b.destination(), b.source(), b.routingKey(), args)
                : new ExchangeMethod.Unbind(b.destination(), b.source(), b.routingKey(), false, args);
        return with(user, b.vhost(), s -> s.call(m, r -> r instanceof QueueMethod.UnbindOk
                || r instanceof ExchangeMethod.UnbindOk).thenApply(r -> null));
    }

    CompletionStage<Boolean> publish(String user, String vhost, String exchange, OutgoingMessage message) {
        return with(user, vhost, s -> s.publish(exchange, message.routingKey(),
                MessageProperties.fromJson(message.properties()), message.payload()));
    }

    /**
     * As rabbit_mgmt_wm_queue_get: up to {@code count} gets, then the rejects (afterwards, or a
     * requeued message would be fetched again), then closing the session requeues what is unacked.
     */
    CompletionStage<List<GotMessage>> get(String user, String vhost, String queue, int count, AckMode mode) {
        return with(user, vhost, s -> {
            List<GotMessage> got = new ArrayList<>();
            List<Long> tags = new ArrayList<>();
            return getNext(s, queue, count, mode, got, tags).thenCompose(done -> {
                if (!mode.rejects() || tags.isEmpty()) {
                    return CompletableFuture.completedFuture(got);
                }
                for (long tag : tags) {
                    s.send(new BasicMethod.Reject(tag, mode.requeue()));
                }
                // a round trip after the rejects, so they are done when the answer goes out
                return s.call(new BasicMethod.Qos(0, 0, false), BasicMethod.QosOk.class::isInstance)
                        .thenApply(r -> got);
            });
        });
    }

    private CompletionStage<Void> getNext(DirectSession s, String queue, int left, AckMode mode,
            List<GotMessage> got, List<Long> tags) {
        if (left <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        return s.call(new BasicMethod.Get(queue, mode.noAck()),
                r -> r instanceof BasicMethod.GetOk || r instanceof BasicMethod.GetEmpty).thenCompose(r -> {
                    if (!(r.method() instanceof BasicMethod.GetOk ok)) {
                        return CompletableFuture.completedFuture(null);
                    }
                    tags.add(ok.deliveryTag());
                    got.add(new GotMessage(r.body(), ok.redelivered(), ok.exchange(), ok.routingKey(),
                            ok.messageCount(), MessageProperties.toJson(r.properties())));
                    return getNext(s, queue, left - 1, mode, got, tags);
                });
    }

    /** Runs {@code work} in a fresh session, closes it, and turns the broker's refusals into {@link BrokerRefusal}s. */
    private <T> CompletionStage<T> with(String user, String vhost, Function<DirectSession, CompletionStage<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        broker.openDirect(user, vhost).whenComplete((s, openFailure) -> {
            if (openFailure != null) {
                result.completeExceptionally(refusal(openFailure));
                return;
            }
            CompletionStage<T> stage;
            try {
                stage = work.apply(s);
            } catch (RuntimeException e) {
                s.close();
                result.completeExceptionally(refusal(e));
                return;
            }
            stage.whenComplete((v, e) -> {
                s.close();
                if (e != null) {
                    result.completeExceptionally(refusal(e));
                } else {
                    result.complete(v);
                }
            });
        });
        return result;
    }

    private static Throwable refusal(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof DirectException d) {
            return new BrokerRefusal(d.replyCode(), d.replyText());
        }
        return cause;
    }

    private static FieldTable table(Map<String, Object> json) {
        try {
            return JsonArguments.toTable(json);
        } catch (IllegalArgumentException e) {
            throw new BrokerRefusal(400, "arguments: " + e.getMessage());
        }
    }
}
