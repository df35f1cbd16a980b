package io.warrenmq.server.vhost;

import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.ReplyCode;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.exchange.Binding;
import io.warrenmq.exchange.ExchangeType;
import io.warrenmq.server.queue.Queue;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One virtual host: its exchanges, queues and bindings.
 *
 * <p>Thread-safety: lookups are lock-free (concurrent maps) because publishing looks up an
 * exchange per message. Every change to the topology (declare, delete, bind, unbind) holds this
 * object's monitor, so check-then-act sequences such as "declare if absent, else compare" are
 * atomic; no I/O and no queue work happens under it.
 */
public final class VirtualHost {
    private final String name;
    private final Map<String, Exchange> exchanges = new ConcurrentHashMap<>();
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();

    public VirtualHost(String name) {
        this.name = name;
        put(new Exchange("", ExchangeType.DIRECT, true, false, false, FieldTable.EMPTY));
        put(new Exchange("amq.direct", ExchangeType.DIRECT, true, false, false, FieldTable.EMPTY));
        put(new Exchange("amq.fanout", ExchangeType.FANOUT, true, false, false, FieldTable.EMPTY));
        put(new Exchange("amq.topic", ExchangeType.TOPIC, true, false, false, FieldTable.EMPTY));
        put(new Exchange("amq.headers", ExchangeType.HEADERS, true, false, false, FieldTable.EMPTY));
        put(new Exchange("amq.match", ExchangeType.HEADERS, true, false, false, FieldTable.EMPTY));
    }

    private void put(Exchange e) {
        exchanges.put(e.name(), e);
    }

    public String name() {
        return name;
    }

    public Exchange exchange(String exchangeName) {
        return exchanges.get(exchangeName);
    }

    public Exchange existingExchange(String exchangeName) {
        Exchange e = exchanges.get(exchangeName);
        if (e == null) {
            throw AmqpException.of(ReplyCode.NOT_FOUND, "no exchange '%s' in vhost '%s'", exchangeName, name);
        }
        return e;
    }

    public Queue queue(String queueName) {
        return queues.get(queueName);
    }

    public Queue existingQueue(String queueName) {
        Queue q = queues.get(queueName);
        if (q == null) {
            throw AmqpException.of(ReplyCode.NOT_FOUND, "no queue '%s' in vhost '%s'", queueName, name);
        }
        return q;
    }

    public Collection<Queue> queues() {
        return queues.values();
    }

    public Collection<Exchange> exchanges() {
        return exchanges.values();
    }

    /** Declares an exchange or checks an existing one is equivalent (406 otherwise). */
    public synchronized Exchange declareExchange(Exchange proposed) {
        Exchange existing = exchanges.get(proposed.name());
        if (existing == null) {
            put(proposed);
            return proposed;
        }
        Equivalence.check("exchange", existing.name(), name, "type",
                proposed.type().wireName(), existing.type().wireName());
        Equivalence.check("exchange", existing.name(), name, "durable", proposed.durable(), existing.durable());
        Equivalence.check("exchange", existing.name(), name, "auto_delete",
                proposed.autoDelete(), existing.autoDelete());
        Equivalence.check("exchange", existing.name(), name, "internal", proposed.internal(), existing.internal());
        Equivalence.checkArguments("exchange", existing.name(), name, proposed.arguments(), existing.arguments(),
                Equivalence.EXCHANGE_ARGUMENTS);
        return existing;
    }

    /** Deletes an exchange with the bindings from it and to it (RabbitMQ removes both). */
    public synchronized void deleteExchange(Exchange exchange, boolean ifUnused) {
        if (exchanges.get(exchange.name()) != exchange) {
            return;
        }
        if (ifUnused && !exchange.router().isEmpty()) {
            throw AmqpException.of(ReplyCode.PRECONDITION_FAILED, "exchange '%s' in vhost '%s' in use",
                    exchange.name(), name);
        }
        exchanges.remove(exchange.name());
        for (Binding<BindingDestination> b : exchange.router().bindings()) {
            exchange.router().unbind(b);
            b.destination().inboundBindings().remove(exchange, b);
        }
        removeInbound(exchange);
    }

    /** Adds a queue unless one of that name exists; returns the queue now registered. */
    public synchronized Queue addQueueIfAbsent(Queue queue) {
        Queue existing = queues.putIfAbsent(queue.name(), queue);
        return existing == null ? queue : existing;
    }

    /** Removes a deleted queue and all its bindings; auto-delete exchanges left unbound go too. */
    public synchronized void removeQueue(Queue queue) {
        if (queues.remove(queue.name(), queue)) {
            removeInbound(queue);
        }
    }

    private void removeInbound(BindingDestination destination) {
        for (InboundBindings.BoundFrom bound : destination.inboundBindings().snapshot()) {
            bound.source().router().unbind(bound.binding());
            maybeAutoDelete(bound.source());
        }
        destination.inboundBindings().clear();
    }

    /** Binds a queue or an exchange to {@code source}; both must still be registered. */
    public synchronized void bind(Exchange source, BindingDestination destination, String routingKey,
            FieldTable arguments) {
        if (exchanges.get(source.name()) != source) {
            throw AmqpException.of(ReplyCode.NOT_FOUND, "no exchange '%s' in vhost '%s'", source.name(), name);
        }
        if (!registered(destination)) {
            throw AmqpException.of(ReplyCode.NOT_FOUND, "no %s '%s' in vhost '%s'",
                    destination instanceof Queue ? "queue" : "exchange", destination.name(), name);
        }
        Binding<BindingDestination> binding = new Binding<>(destination, routingKey, arguments.asMap());
        if (source.router().bind(binding)) {
            destination.inboundBindings().add(source, binding);
        }
    }

    public synchronized void unbind(Exchange source, BindingDestination destination, String routingKey,
            FieldTable arguments) {
        Binding<BindingDestination> binding = new Binding<>(destination, routingKey, arguments.asMap());
        if (source.router().unbind(binding)) {
            destination.inboundBindings().remove(source, binding);
            maybeAutoDelete(source);
        }
    }

    private boolean registered(BindingDestination d) {
        return d instanceof Queue q ? queues.get(q.name()) == q : exchanges.get(d.name()) == d;
    }

    /** spec: an auto-delete exchange is deleted when its last binding is removed. */
    private void maybeAutoDelete(Exchange exchange) {
        if (exchange.autoDelete() && exchange.router().isEmpty() && exchanges.remove(exchange.name(), exchange)) {
            removeInbound(exchange);
        }
    }
}
