package io.warrenmq.server.channel;

import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.ReplyCode;
import io.warrenmq.codec.method.ExchangeMethod;
import io.warrenmq.exchange.ExchangeType;
import io.warrenmq.server.vhost.Exchange;
import io.warrenmq.server.vhost.VirtualHost;

/**
 * The exchange class: declare and delete. Exchange-to-exchange bindings arrive with their own
 * issue and are refused with 540 until then.
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
        } else if (method instanceof ExchangeMethod.Bind || method instanceof ExchangeMethod.Unbind) {
            throw AmqpException.connection(ReplyCode.NOT_IMPLEMENTED,
                    "exchange-to-exchange bindings are not implemented yet");
        } else {
            throw AmqpException.of(ReplyCode.COMMAND_INVALID, "%s is not allowed from a client", method.name());
        }
    }

    private void declare(ExchangeMethod.Declare d) {
        String name = d.exchange();
        if (name.isEmpty()) {
            throw AmqpException.of(ReplyCode.ACCESS_REFUSED, "operation not permitted on the default exchange");
        }
        if (d.passive()) {
            vhost().existingExchange(name);
        } else {
            if (name.startsWith("amq.")) {
                throw AmqpException.of(ReplyCode.ACCESS_REFUSED,
                        "exchange name '%s' contains reserved prefix 'amq.*'", name);
            }
            ExchangeType type = ExchangeType.fromWireName(d.type()).orElseThrow(() ->
                    AmqpException.connection(ReplyCode.COMMAND_INVALID, "unknown exchange type '%s'", d.type()));
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
