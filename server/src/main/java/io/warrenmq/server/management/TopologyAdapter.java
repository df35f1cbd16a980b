package io.warrenmq.server.management;

import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.exchange.Binding;
import io.warrenmq.management.backend.AckMode;
import io.warrenmq.management.backend.BindingView;
import io.warrenmq.management.backend.ExchangeDeclaration;
import io.warrenmq.management.backend.ExchangeView;
import io.warrenmq.management.backend.GotMessage;
import io.warrenmq.management.backend.OutgoingMessage;
import io.warrenmq.management.backend.QueueDeclaration;
import io.warrenmq.management.backend.QueueView;
import io.warrenmq.management.backend.TopologyBackend;
import io.warrenmq.server.Broker;
import io.warrenmq.server.definitions.JsonArguments;
import io.warrenmq.server.queue.Queue;
import io.warrenmq.server.vhost.BindingDestination;
import io.warrenmq.server.vhost.Exchange;
import io.warrenmq.server.vhost.VirtualHost;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The management API's {@link TopologyBackend} over the running broker.
 *
 * <p>Reads come from snapshots; changes go through {@link TopologyCommands} (the AMQP command
 * paths, over a direct session). Queue figures come from what the queue
 * publishes off its loop ({@link Queue#readyCount()}, {@link Queue#consumerCount()}); figures the
 * queue does not publish yet (persistent counts, memory) are reported as 0.
 *
 * <p>Thread-safety: called on the management event loop; reads snapshots only.
 */
final class TopologyAdapter implements TopologyBackend {
    private final Broker broker;
    private final TopologyCommands commands;

    TopologyAdapter(Broker broker) {
        this.broker = broker;
        this.commands = new TopologyCommands(broker);
    }

    @Override
    public QueueView queue(String vhost, String name) {
        VirtualHost v = broker.vhosts().get(vhost);
        Queue q = v == null ? null : v.queue(name);
        return q == null ? null : view(v, q);
    }

    @Override
    public ExchangeView exchange(String vhost, String name) {
        VirtualHost v = broker.vhosts().get(vhost);
        Exchange x = v == null ? null : v.exchange(name);
        return x == null ? null : view(v, x);
    }

    /**
     * As rabbit_mgmt_wm_bindings: the default exchange's implicit binding of every queue (key = the
     * queue's name) first, then each exchange's bindings; read from the routers' published
     * binding sets, as the definitions export reads them.
     */
    @Override
    public List<BindingView> bindings(String vhost) {
        List<BindingView> out = new ArrayList<>();
        for (VirtualHost v : vhostsOf(vhost)) {
            for (Queue q : v.queues()) {
                out.add(new BindingView(v.name(), "", q.name(), "queue", q.name(), Map.of()));
            }
            for (Exchange x : v.exchanges()) {
                if (x.isDefault()) {
                    continue;
                }
                for (Binding<BindingDestination> b : x.router().bindings()) {
                    BindingDestination d = b.destination();
                    out.add(new BindingView(v.name(), x.name(), d.name(), d instanceof Queue ? "queue" : "exchange",
                            b.routingKey(), JsonArguments.toJson(FieldTable.of(b.arguments()))));
                }
            }
        }
        return out;
    }

    @Override
    public CompletionStage<Void> declareQueue(String user, String vhost, QueueDeclaration q) {
        return commands.declareQueue(user, vhost, q);
    }

    @Override
    public CompletionStage<Long> deleteQueue(String user, String vhost, String name, boolean ifUnused, boolean ifEmpty) {
        return commands.deleteQueue(user, vhost, name, ifUnused, ifEmpty);
    }

    @Override
    public CompletionStage<Long> purgeQueue(String user, String vhost, String name) {
        return commands.purgeQueue(user, vhost, name);
    }

    @Override
    public CompletionStage<List<GotMessage>> get(String user, String vhost, String queue, int count, AckMode mode) {
        return commands.get(user, vhost, queue, count, mode);
    }

    @Override
    public CompletionStage<Void> declareExchange(String user, String vhost, ExchangeDeclaration x) {
        return commands.declareExchange(user, vhost, x);
    }

    @Override
    public CompletionStage<Void> deleteExchange(String user, String vhost, String name, boolean ifUnused) {
        return commands.deleteExchange(user, vhost, name, ifUnused);
    }

    @Override
    public CompletionStage<Boolean> publish(String user, String vhost, String exchange, OutgoingMessage message) {
        return commands.publish(user, vhost, exchange, message);
    }

    @Override
    public CompletionStage<Void> bind(String user, BindingView b) {
        return commands.bind(user, b);
    }

    @Override
    public CompletionStage<Void> unbind(String user, BindingView b) {
        return commands.unbind(user, b);
    }

    @Override
    public List<QueueView> queues(String vhost) {
        List<QueueView> out = new ArrayList<>();
        for (VirtualHost v : vhostsOf(vhost)) {
            for (Queue q : v.queues()) {
                out.add(view(v, q));
            }
        }
        return out;
    }

    @Override
    public List<ExchangeView> exchanges(String vhost) {
        List<ExchangeView> out = new ArrayList<>();
        for (VirtualHost v : vhostsOf(vhost)) {
            for (Exchange x : v.exchanges()) {
                out.add(view(v, x));
            }
        }
        return out;
    }

    @Override
    public boolean vhostExists(String vhost) {
        return broker.vhosts().get(vhost) != null;
    }

    private Collection<VirtualHost> vhostsOf(String vhost) {
        if (vhost == null) {
            return broker.vhosts().all();
        }
        VirtualHost v = broker.vhosts().get(vhost);
        return v == null ? List.of() : List.of(v);
    }

    private static ExchangeView view(VirtualHost v, Exchange x) {
        return new ExchangeView(v.name(), x.name(), x.type().wireName(), x.durable(), x.autoDelete(),
                x.internal(), JsonArguments.toJson(x.arguments()), x.policy());
    }

    private static QueueView view(VirtualHost v, Queue q) {
        String type = q.arguments().getString("x-queue-type");
        Object owner = q.owner();
        return new QueueView(v.name(), q.name(), type == null ? "classic" : type, q.durable(), q.autoDelete(),
                q.exclusive(), JsonArguments.toJson(q.arguments()), owner == null ? null : owner.toString(),
                q.readyCount(), q.unackedCount(), q.readyBytes(), q.unackedBytes(), q.persistentCount(),
                q.persistentBytes(), q.consumerCount(), "running", q.policy(), q.operatorPolicy(),
                q.effectivePolicyDefinition(), q.headMessageTimestamp(), q.memoryEstimate());
    }
}
