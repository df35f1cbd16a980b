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

    public synchronized void deleteExchange(Exchange exchange, boolean ifUnused) {
        if (exchanges.get(exchange.name()) != exchange) {
            return;
        }
        if (ifUnused && !exchange.router().isEmpty()) {
            throw AmqpException.of(ReplyCode.PRECONDITION_FAILED, "exchange '%s' in vhost '%s' in use",
                    exchange.name(), name);
        }
        exchanges.remove(exchange.name());
        for (Binding<Queue> b : exchange.router().bindings()) {
            b.destination().forgetBinding(exchange, b);
        }
    }

    /** Adds a queue unless one of that name exists; returns the queue now registered. */
    public synchronized Queue addQueueIfAbsent(Queue queue) {
        Queue existing = queues.putIfAbsent(queue.name(), queue);
        return existing == null ? queue : existing;
    }

    /** Removes a deleted queue and all its bindings; auto-delete exchanges left unbound go too. */
    public synchronized void removeQueue(Queue queue) {
        if (!queues.remove(queue.name(), queue)) {
            return;
        }
        for (Queue.BoundTo bound : queue.bindingsSnapshot()) {
            bound.exchange().router().unbind(bound.binding());
            maybeAutoDelete(bound.exchange());
        }
        queue.clearBindings();
    }

    public synchronized void bind(Exchange exchange, Queue queue, String routingKey, FieldTable arguments) {
        if (exchanges.get(exchange.name()) != exchange) {
            throw AmqpException.of(ReplyCode.NOT_FOUND, "no exchange '%s' in vhost '%s'", exchange.name(), name);
        }
        if (queues.get(queue.name()) != queue) {
            throw AmqpException.of(ReplyCode.NOT_FOUND, "no queue '%s' in vhost '%s'", queue.name(), name);
        }
        Binding<Queue> binding = new Binding<>(queue, routingKey, arguments.asMap());
        if (exchange.router().bind(binding)) {
            queue.rememberBinding(exchange, binding);
        }
    }

    public synchronized void unbind(Exchange exchange, Queue queue, String routingKey, FieldTable arguments) {
        Binding<Queue> binding = new Binding<>(queue, routingKey, arguments.asMap());
        if (exchange.router().unbind(binding)) {
            queue.forgetBinding(exchange, binding);
            maybeAutoDelete(exchange);
        }
    }

    /** spec: an auto-delete exchange is deleted when its last binding is removed. */
    private void maybeAutoDelete(Exchange exchange) {
        if (exchange.autoDelete() && exchange.router().isEmpty()) {
            exchanges.remove(exchange.name(), exchange);
        }
    }
}
