package io.warrenmq.server.channel;

import io.warrenmq.auth.Access;
import io.warrenmq.auth.AccessRefusedException;
import io.warrenmq.auth.PermissionChecker;
import io.warrenmq.auth.ResourceKind;
import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.ReplyCode;
import io.warrenmq.exchange.ExchangeType;
import io.warrenmq.server.vhost.Exchange;

/**
 * The permission checks of RabbitMQ's access-control table, named after the operation that needs
 * them, for the command classes of one channel. A refusal is a 403 ACCESS_REFUSED channel error with
 * RabbitMQ's text; the rules themselves (patterns, the default exchange's name, caching) are the
 * auth module's {@link PermissionChecker}.
 *
 * <p>Checks run against the user database as it is at the moment of the operation, so a changed or
 * revoked permission applies to open channels from their next operation (RabbitMQ may keep a
 * channel's earlier answers; see docs/security.md).
 *
 * <p>Thread-safety: confined to the channel's event loop.
 */
final class AccessGuard {
    private final AmqpChannel channel;

    AccessGuard(AmqpChannel channel) {
        this.channel = channel;
    }

    /** Declaring (non-passively) or deleting a queue, server-named ones included. */
    void configureQueue(String queue) {
        check(ResourceKind.QUEUE, queue, Access.CONFIGURE);
    }

    /** Declaring (non-passively) or deleting an exchange. */
    void configureExchange(String exchange) {
        check(ResourceKind.EXCHANGE, exchange, Access.CONFIGURE);
    }

    /** Publishing to an exchange ("" is the default exchange, checked as amq.default). */
    void writeExchange(String exchange) {
        check(ResourceKind.EXCHANGE, exchange, Access.WRITE);
    }

    /** Consuming from, getting from or purging a queue. */
    void readQueue(String queue) {
        check(ResourceKind.QUEUE, queue, Access.READ);
    }

    /** The source of a binding; the exchange that names an alternate exchange or a queue a DLX. */
    void readExchange(String exchange) {
        check(ResourceKind.EXCHANGE, exchange, Access.READ);
    }

    /** The destination of a binding is written to: a queue, or an exchange (exchange.bind). */
    void writeDestination(boolean queue, String name) {
        check(queue ? ResourceKind.QUEUE : ResourceKind.EXCHANGE, name, Access.WRITE);
    }

    /** Topic permissions on publish: only for topic exchanges, on the routing key. */
    void topicWrite(Exchange exchange, String routingKey) {
        topic(exchange, routingKey, Access.WRITE);
    }

    /** Topic permissions on queue.bind/exchange.bind (and unbind) from a topic exchange. */
    void topicRead(Exchange exchange, String routingKey) {
        topic(exchange, routingKey, Access.READ);
    }

    private void topic(Exchange exchange, String routingKey, Access access) {
        if (exchange == null || exchange.type() != ExchangeType.TOPIC) {
            return;
        }
        try {
            checker().checkTopic(exchange.name(), routingKey, access);
        } catch (AccessRefusedException e) {
            throw AmqpException.of(ReplyCode.ACCESS_REFUSED, "%s", e.getMessage());
        }
    }

    private void check(ResourceKind kind, String name, Access access) {
        try {
            checker().check(kind, name, access);
        } catch (AccessRefusedException e) {
            throw AmqpException.of(ReplyCode.ACCESS_REFUSED, "%s", e.getMessage());
        }
    }

    private PermissionChecker checker() {
        return channel.connection().permissions(); // set at connection.open, before any channel exists
    }
}
