package io.warrenmq.server.channel;

import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.ReplyCode;
import io.warrenmq.codec.method.ExchangeMethod;
import io.warrenmq.exchange.ExchangeType;
import io.warrenmq.server.vhost.Exchange;
import io.warrenmq.server.vhost.VirtualHost;

/**
 * The exchange class: declare, delete, and exchange-to-exchange bind/unbind.
 *
 * <p>Thread-safety: confined to the channel's event loop.
 */
final class ExchangeCommands {
    private final AmqpChannel channel;
    private final AccessGuard access;

    ExchangeCommands(AmqpChannel channel) {
        this.channel = channel;
        this.access = new AccessGuard(channel);
    }

    private VirtualHost vhost() {
        return channel.connection().vhost();
    }

    void handle(ExchangeMethod method) {
        if (method instanceof ExchangeMethod.Declare d) {
            declare(d);
        } else if (method instanceof ExchangeMethod.Delete d) {
            delete(d);
        } else if (method instanceof ExchangeMethod.Bind b) {
            String sourceName = EntityNames.strip(b.source());
            String destinationName = EntityNames.strip(b.destination());
            EntityNames.requireUtf8("binding key", b.routingKey());
            checkBindingAccess(destinationName, sourceName, b.routingKey());
            Exchange source = bindable(sourceName);
            Exchange destination = bindable(destinationName);
            QueueCommands.validateBinding(source, b.arguments());
            vhost().bind(source, destination, b.routingKey(), b.arguments());
            if (!b.noWait()) {
                channel.connection().out().method(channel.id(), new ExchangeMethod.BindOk());
            }
        } else if (method instanceof ExchangeMethod.Unbind u) {
            unbind(u);
        } else {
            throw AmqpException.of(ReplyCode.COMMAND_INVALID, "%s is not allowed from a client", method.name());
        }
    }

    /**
     * RabbitMQ 3.10+: removing a binding that does not exist succeeds, also when either exchange is
     * missing; the permission checks and the default-exchange refusal still apply.
     */
    private void unbind(ExchangeMethod.Unbind u) {
        String sourceName = EntityNames.strip(u.source());
        String destinationName = EntityNames.strip(u.destination());
        checkBindingAccess(destinationName, sourceName, u.routingKey());
        if (sourceName.isEmpty() || destinationName.isEmpty()) {
            throw AmqpException.of(ReplyCode.ACCESS_REFUSED, "operation not permitted on the default exchange");
        }
        Exchange source = vhost().exchange(sourceName);
        Exchange destination = vhost().exchange(destinationName);
        if (source != null && destination != null) {
            vhost().unbind(source, destination, u.routingKey(), u.arguments(), () -> { });
        }
        if (!u.noWait()) {
            channel.connection().out().method(channel.id(), new ExchangeMethod.UnbindOk());
        }
    }

    /**
     * exchange.bind and exchange.unbind, in RabbitMQ's order: write on the destination, read on the
     * source, then the source's topic permissions on the routing key. The default exchange at either
     * end is refused afterwards, as RabbitMQ does.
     */
    private void checkBindingAccess(String destination, String source, String routingKey) {
        access.writeDestination(false, destination);
        if (!source.isEmpty()) {
            access.readExchange(source);
            access.topicRead(vhost().exchange(source), routingKey);
        }
    }

    /**
     * In RabbitMQ's order: the type is checked first, then the default exchange; an existing
     * exchange is compared for equivalence (so redeclaring {@code amq.direct} as a direct exchange
     * succeeds), and only a new name is checked for the reserved {@code amq.} prefix.
     */
    /** Either end of an exchange-to-exchange binding: must exist and not be the default exchange. */
    private Exchange bindable(String name) {
        if (name.isEmpty()) {
            throw AmqpException.of(ReplyCode.ACCESS_REFUSED, "operation not permitted on the default exchange");
        }
        return vhost().existingExchange(name);
    }

    private void declare(ExchangeMethod.Declare d) {
        String name = EntityNames.strip(d.exchange());
        if (d.passive()) {
            if (name.isEmpty()) {
                throw AmqpException.of(ReplyCode.ACCESS_REFUSED, "operation not permitted on the default exchange");
            }
            vhost().existingExchange(name);
        } else {
            // RabbitMQ 3.x closed the connection with 503 here; current RabbitMQ closes the channel with 406
            ExchangeType type = ExchangeType.fromWireName(d.type()).orElseThrow(() ->
                    AmqpException.of(ReplyCode.PRECONDITION_FAILED, "invalid exchange type '%s'", d.type()));
            if (name.isEmpty()) {
                throw AmqpException.of(ReplyCode.ACCESS_REFUSED, "operation not permitted on the default exchange");
            }
            EntityNames.requireUtf8("exchange name", name);
            access.configureExchange(name);
            if (vhost().exchange(name) == null) {
                if (name.startsWith("amq.")) {
                    throw AmqpException.of(ReplyCode.ACCESS_REFUSED,
                            "exchange name '%s' contains reserved prefix 'amq.*'", name);
                }
                checkAlternateExchangeAccess(name, d.arguments());
                channel.connection().declareGuard().checkNewExchange(name, vhost().name());
            }
            vhost().declareExchange(new Exchange(name, type, d.durable(), d.autoDelete(), d.internal(),
                    d.arguments()));
        }
        if (!d.noWait()) {
            channel.connection().out().method(channel.id(), new ExchangeMethod.DeclareOk());
        }
    }

    /**
     * RabbitMQ's "exchange.declare with AE" row, checked only for a new exchange: read on it and
     * write on the alternate exchange, because unroutable messages are published there.
     */
    private void checkAlternateExchangeAccess(String exchange, io.warrenmq.codec.types.FieldTable arguments) {
        String alternate = arguments.getString("alternate-exchange");
        if (alternate != null) {
            access.readExchange(exchange);
            access.writeExchange(alternate);
        }
    }

    private void delete(ExchangeMethod.Delete d) {
        String name = EntityNames.strip(d.exchange());
        if (name.isEmpty() || name.startsWith("amq.")) {
            throw AmqpException.of(ReplyCode.ACCESS_REFUSED,
                    "operation not permitted on %s", name.isEmpty() ? "the default exchange" : "exchange '" + name + "'");
        }
        access.configureExchange(name);
        Exchange exchange = vhost().exchange(name);
        if (exchange != null) {
            vhost().deleteExchange(exchange, d.ifUnused());
        }
        // RabbitMQ: deleting an exchange that does not exist succeeds
        if (!d.noWait()) {
            channel.connection().out().method(channel.id(), new ExchangeMethod.DeleteOk());
        }
    }
}
