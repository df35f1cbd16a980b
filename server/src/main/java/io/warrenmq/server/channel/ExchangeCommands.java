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

    ExchangeCommands(AmqpChannel channel) {
        this.channel = channel;
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
            Exchange source = bindable(b.source());
            Exchange destination = bindable(b.destination());
            QueueCommands.validateBinding(source, b.arguments());
            vhost().bind(source, destination, b.routingKey(), b.arguments());
            if (!b.noWait()) {
                channel.connection().out().method(channel.id(), new ExchangeMethod.BindOk());
            }
        } else if (method instanceof ExchangeMethod.Unbind u) {
            vhost().unbind(bindable(u.source()), bindable(u.destination()), u.routingKey(), u.arguments());
            if (!u.noWait()) {
                channel.connection().out().method(channel.id(), new ExchangeMethod.UnbindOk());
            }
        } else {
            throw AmqpException.of(ReplyCode.COMMAND_INVALID, "%s is not allowed from a client", method.name());
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
        String name = d.exchange();
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
            if (vhost().exchange(name) == null && name.startsWith("amq.")) {
                throw AmqpException.of(ReplyCode.ACCESS_REFUSED,
                        "exchange name '%s' contains reserved prefix 'amq.*'", name);
            }
            vhost().declareExchange(new Exchange(name, type, d.durable(), d.autoDelete(), d.internal(),
                    d.arguments()));
        }
        if (!d.noWait()) {
            channel.connection().out().method(channel.id(), new ExchangeMethod.DeclareOk());
        }
    }

    private void delete(ExchangeMethod.Delete d) {
        String name = d.exchange();
        if (name.isEmpty() || name.startsWith("amq.")) {
            throw AmqpException.of(ReplyCode.ACCESS_REFUSED,
                    "operation not permitted on %s", name.isEmpty() ? "the default exchange" : "exchange '" + name + "'");
        }
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
