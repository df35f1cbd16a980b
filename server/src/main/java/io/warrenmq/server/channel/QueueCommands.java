package io.warrenmq.server.channel;

import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.ReplyCode;
import io.warrenmq.codec.method.QueueMethod;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.exchange.ExchangeType;
import io.warrenmq.exchange.HeadersMatcher;
import io.warrenmq.server.connection.ConnectionHandler;
import io.warrenmq.server.queue.Queue;
import io.warrenmq.server.queue.QueueArguments;
import io.warrenmq.server.queue.QueueType;
import io.warrenmq.server.vhost.DirectReplies;
import io.warrenmq.server.vhost.Equivalence;
import io.warrenmq.server.vhost.VhostLimits;
import io.warrenmq.server.vhost.Exchange;
import io.warrenmq.server.vhost.VirtualHost;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The queue class: declare, bind, unbind, purge, delete.
 *
 * <p>Thread-safety: confined to the channel's event loop.
 */
final class QueueCommands {
    private final AmqpChannel channel;
    private final AccessGuard access;

    QueueCommands(AmqpChannel channel) {
        this.channel = channel;
        this.access = new AccessGuard(channel);
    }

    void handle(QueueMethod method) {
        if (method instanceof QueueMethod.Declare d) {
            declare(d);
        } else if (method instanceof QueueMethod.Bind b) {
            bind(b);
        } else if (method instanceof QueueMethod.Unbind u) {
            unbind(u);
        } else if (method instanceof QueueMethod.Purge p) {
            purge(p);
        } else if (method instanceof QueueMethod.Delete d) {
            delete(d);
        } else {
            throw AmqpException.of(ReplyCode.COMMAND_INVALID, "%s is not allowed from a client", method.name());
        }
    }

    private ConnectionHandler connection() {
        return channel.connection();
    }

    private VirtualHost vhost() {
        return connection().vhost();
    }

    /** The queue, if this connection may use it (405 for another connection's exclusive queue). */
    static Queue accessibleQueue(AmqpChannel channel, String name) {
        Queue q = channel.connection().vhost().existingQueue(name);
        checkExclusiveAccess(channel, q);
        return q;
    }

    private static void checkExclusiveAccess(AmqpChannel channel, Queue q) {
        if (q.exclusive() && q.owner() != channel.connection()) {
            throw locked(q);
        }
    }

    /**
     * RabbitMQ's "strict" check on redeclare (rabbit_amqqueue:check_exclusive_access): the declare's
     * exclusive flag must match the queue's, and an exclusive queue must be this connection's;
     * anything else is 405, before any other attribute is compared.
     */
    /**
     * deprecated_features.permit.transient_nonexcl_queues = false (RabbitMQ 4.3's default): a
     * declare of a queue neither durable nor exclusive, new or existing, closes the connection with
     * 541 and RabbitMQ's explanation, cut as RabbitMQ cuts reply texts (252 octets and "...").
     */
    private void checkTransientNonExclusive(QueueMethod.Declare d) {
        if (d.durable() || d.exclusive() || connection().deprecatedFeatures().transientNonExclusiveQueues()) {
            return;
        }
        String prefix = ReplyCode.INTERNAL_ERROR.name() + " - ";
        String text = prefix + io.warrenmq.server.DeprecatedFeatures.deniedMessage(
                io.warrenmq.server.DeprecatedFeatures.TRANSIENT_NONEXCL_QUEUES);
        if (text.length() > 255) { // ASCII: characters are octets
            text = text.substring(0, 252) + "...";
        }
        throw AmqpException.connection(ReplyCode.INTERNAL_ERROR, "%s", text.substring(prefix.length()));
    }

    private void checkExclusiveRedeclare(Queue q, boolean exclusiveDeclare) {
        boolean matches = q.exclusive() ? exclusiveDeclare && q.owner() == connection() : !exclusiveDeclare;
        if (!matches) {
            throw locked(q);
        }
    }

    private static AmqpException locked(Queue q) {
        return AmqpException.of(ReplyCode.RESOURCE_LOCKED,
                "cannot obtain exclusive access to locked queue '%s' in vhost '%s'. It could be originally "
                        + "declared on another connection or the exclusive property value does not match "
                        + "that of the original declaration.", q.name(), q.vhost().name());
    }

    private void declare(QueueMethod.Declare d) {
        if (d.queue().startsWith(DirectReplies.PSEUDO_QUEUE)) {
            declareDirectReply(EntityNames.strip(d.queue()), d.noWait());
            return;
        }
        String name = EntityNames.strip(d.queue());
        if (d.passive()) {
            Queue q = accessibleQueue(channel, channel.resolveQueueName(name));
            channel.lastQueue(q.name());
            replyWithCounts(q, d.noWait());
            return;
        }
        String vhostName = vhost().name();
        // RabbitMQ applies the vhost's default queue type first: the queue's arguments then name it
        FieldTable arguments = QueueType.withVhostDefault(d.arguments(), vhost().defaultQueueType(), d.durable(),
                d.exclusive(), d.autoDelete());
        EntityNames.requireUtf8("queue name", name);
        if (name.isEmpty()) {
            QueueType.of(arguments).checkServerNamed();
            name = generateName();
        } else if (name.startsWith("amq.")) {
            throw AmqpException.of(ReplyCode.ACCESS_REFUSED,
                    "queue name '%s' contains reserved prefix 'amq.*'", name);
        }
        access.configureQueue(name);
        boolean isNew = vhost().queue(name) == null;
        QueueType type = isNew ? QueueType.declared(arguments, name, vhostName) : QueueType.of(arguments);
        // RabbitMQ validates the x- arguments before anything else; nothing is created on a 406
        QueueArguments.parse(type.validatedArguments(arguments), name, vhostName);
        checkTransientNonExclusive(d);
        if (isNew) {
            type.checkNew(arguments, name, vhostName, d.durable(), d.exclusive(), d.autoDelete());
            checkQueueLimit(name);
            connection().declareGuard().checkNewQueue(name, vhostName);
            checkDeadLetterAccess(name, arguments);
        }
        Queue proposed = new Queue(vhost(), name, d.durable(), d.exclusive(), d.autoDelete(), arguments,
                d.exclusive() ? connection() : null, connection().queueLoop());
        Queue q = vhost().addQueueIfAbsent(proposed);
        channel.lastQueue(name);
        if (q == proposed) {
            if (q.exclusive()) {
                connection().ownExclusive(q);
            }
            q.armTimers(); // x-expires runs from the declare
            if (!d.noWait()) {
                connection().out().method(channel.id(), new QueueMethod.DeclareOk(name, 0, 0));
            }
            return;
        }
        checkExclusiveRedeclare(q, d.exclusive());
        Equivalence.checkQueue(q, vhostName, d.durable(), d.autoDelete(), arguments);
        replyWithCounts(q, d.noWait());
    }

    /** RabbitMQ's vhost {@code max-queues} (rabbit_amqqueue:check_vhost_queue_limit): 406 for a new queue. */
    private void checkQueueLimit(String name) {
        int limit = VhostLimits.exceeded(vhost().limits().maxQueues(), vhost().queues().size());
        if (limit >= 0) {
            throw AmqpException.of(ReplyCode.PRECONDITION_FAILED,
                    "cannot declare queue '%s': queue limit in vhost '%s' (%d) is reached", name, vhost().name(), limit);
        }
    }

    /**
     * RabbitMQ's "queue.declare with DLX" row, checked only for a queue not yet there: read on the
     * queue and write on the dead-letter exchange, because dead-lettering publishes to it.
     */
    private void checkDeadLetterAccess(String queue, FieldTable arguments) {
        String dlx = arguments.getString("x-dead-letter-exchange"); // a string: QueueArguments checked it
        if (dlx != null) {
            access.readQueue(queue);
            access.writeExchange(dlx);
        }
    }

    /**
     * A declare (passive or not) of the direct reply-to pseudo-queue, or of a reply name: as
     * RabbitMQ, it reports one consumer if the requester is still there and 404 otherwise, so a
     * responder can check before doing expensive work.
     */
    private void declareDirectReply(String name, boolean noWait) {
        if (!name.equals(DirectReplies.PSEUDO_QUEUE) && vhost().directReplies().target(name) == null) {
            throw AmqpException.of(ReplyCode.NOT_FOUND, "no queue '%s' in vhost '%s'", name, vhost().name());
        }
        if (!noWait) {
            connection().out().method(channel.id(), new QueueMethod.DeclareOk(name, 0, 1));
        }
    }

    /**
     * declare-ok's counts come from the queue's loop, so they include every earlier publish. As in
     * RabbitMQ, a no-wait declare asks the queue nothing, so it does not renew x-expires either.
     */
    private void replyWithCounts(Queue q, boolean noWait) {
        if (noWait) {
            return;
        }
        q.counts(channel.mailbox(), channel.awaitReply(counts -> {
            if (channel.isOpen()) {
                connection().out().method(channel.id(), new QueueMethod.DeclareOk(q.name(), counts[0], counts[1]));
            }
        }));
    }

    private static String generateName() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return "amq.gen-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private void bind(QueueMethod.Bind b) {
        String queueName = EntityNames.strip(channel.resolveQueueName(b.queue()));
        // spec: with an empty queue name and an empty routing key, the key is the queue's name
        String routingKey = b.queue().isEmpty() && b.routingKey().isEmpty() ? queueName : b.routingKey();
        String exchangeName = EntityNames.strip(b.exchange());
        EntityNames.requireUtf8("binding key", routingKey);
        checkBindingAccess(queueName, exchangeName, routingKey);
        Exchange exchange = bindableExchange(exchangeName);
        Queue queue = accessibleQueue(channel, queueName);
        validateBinding(exchange, b.arguments());
        vhost().bind(exchange, queue, routingKey, b.arguments());
        if (!b.noWait()) {
            connection().out().method(channel.id(), new QueueMethod.BindOk());
        }
    }

    /** Binding arguments the exchange type refuses (an invalid x-match): 406. */
    static void validateBinding(Exchange exchange, FieldTable arguments) {
        if (exchange.type() == ExchangeType.HEADERS) {
            HeadersMatcher.validate(arguments.asMap()).ifPresent(error -> {
                throw AmqpException.of(ReplyCode.PRECONDITION_FAILED, "%s", error);
            });
        }
    }

    /**
     * RabbitMQ 3.10+: unbinding a binding that does not exist succeeds, also when the queue, the
     * exchange or both are missing; the permission checks and the default-exchange refusal still
     * come first, and exclusive access is checked only when there is a binding to remove.
     */
    private void unbind(QueueMethod.Unbind u) {
        String queueName = EntityNames.strip(channel.resolveQueueName(u.queue()));
        String routingKey = u.queue().isEmpty() && u.routingKey().isEmpty() ? queueName : u.routingKey();
        String exchangeName = EntityNames.strip(u.exchange());
        checkBindingAccess(queueName, exchangeName, routingKey);
        if (exchangeName.isEmpty()) {
            throw AmqpException.of(ReplyCode.ACCESS_REFUSED, "operation not permitted on the default exchange");
        }
        Exchange exchange = vhost().exchange(exchangeName);
        Queue queue = vhost().queue(queueName);
        if (exchange != null && queue != null) {
            vhost().unbind(exchange, queue, routingKey, u.arguments(), () -> checkExclusiveAccess(channel, queue));
        }
        connection().out().method(channel.id(), new QueueMethod.UnbindOk());
    }

    /**
     * queue.bind and queue.unbind, in RabbitMQ's order: write on the queue, read on the exchange,
     * then the exchange's topic permissions on the routing key.
     */
    private void checkBindingAccess(String queue, String exchange, String routingKey) {
        access.writeDestination(true, queue);
        if (!exchange.isEmpty()) {
            access.readExchange(exchange);
            access.topicRead(vhost().exchange(exchange), routingKey);
        }
    }

    private Exchange bindableExchange(String name) {
        if (name.isEmpty()) {
            throw AmqpException.of(ReplyCode.ACCESS_REFUSED,
                    "operation not permitted on the default exchange");
        }
        return vhost().existingExchange(name);
    }

    private void purge(QueueMethod.Purge p) {
        String name = channel.resolveQueueName(p.queue());
        access.readQueue(name);
        Queue q = accessibleQueue(channel, name);
        q.purge(channel.mailbox(), channel.awaitReply(count -> {
            if (channel.isOpen() && !p.noWait()) {
                connection().out().method(channel.id(), new QueueMethod.PurgeOk(count));
            }
        }));
    }

    private void delete(QueueMethod.Delete d) {
        String name = EntityNames.strip(channel.resolveQueueName(d.queue()));
        access.configureQueue(name);
        Queue q = vhost().queue(name);
        if (q == null) {
            // RabbitMQ: deleting a queue that does not exist succeeds with a count of 0
            if (!d.noWait()) {
                connection().out().method(channel.id(), new QueueMethod.DeleteOk(0));
            }
            return;
        }
        checkExclusiveAccess(channel, q);
        q.delete(d.ifUnused(), d.ifEmpty(), channel.mailbox(), channel.awaitReply(reply -> {
            if (reply.error() != null) {
                throw reply.error().withMethod(QueueMethod.CLASS_ID, QueueMethod.Delete.METHOD_ID);
            }
            if (q.exclusive()) {
                connection().disownExclusive(q);
            }
            if (channel.isOpen() && !d.noWait()) {
                connection().out().method(channel.id(), new QueueMethod.DeleteOk(reply.value()));
            }
        }));
    }
}
