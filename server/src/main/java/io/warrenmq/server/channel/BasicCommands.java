package io.warrenmq.server.channel;

import io.netty.buffer.ByteBuf;
import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.ReplyCode;
import io.warrenmq.codec.method.BasicMethod;
import io.warrenmq.codec.types.BasicProperties;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.exchange.Headers;
import io.warrenmq.server.observe.MessageObserver;
import io.warrenmq.server.queue.Consumer;
import io.warrenmq.server.queue.Queue;
import io.warrenmq.server.vhost.DirectReplies;
import io.warrenmq.server.vhost.Exchange;
import io.warrenmq.server.vhost.ReplyTarget;
import io.warrenmq.server.vhost.RouteWalk;
import io.warrenmq.server.vhost.SenderSelected;
import io.warrenmq.server.vhost.VirtualHost;
import io.warrenmq.store.Message;
import io.warrenmq.store.QueueEntry;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The basic class: publish, consume, cancel, get, ack, nack, reject, recover, qos.
 *
 * <p>Thread-safety: confined to the channel's event loop.
 */
final class BasicCommands {
    private final AmqpChannel channel;
    /** Reused for every publish (why: routing allocates nothing per message). */
    private final RouteWalk routeWalk = new RouteWalk();
    private final LazyHeaders lazyHeaders = new LazyHeaders();
    private final AccessGuard access;

    BasicCommands(AmqpChannel channel) {
        this.channel = channel;
        this.access = new AccessGuard(channel);
    }

    /** {@code properties} and {@code body}: a publish's content (not taken over), null for other methods. */
    void handle(BasicMethod method, ByteBuf properties, ByteBuf body) {
        if (method instanceof BasicMethod.Publish p) {
            publish(p, properties, body);
        } else if (method instanceof BasicMethod.Ack a) {
            channel.ack(a.deliveryTag(), a.multiple());
        } else if (method instanceof BasicMethod.Nack n) {
            channel.reject(n.deliveryTag(), n.multiple(), n.requeue());
        } else if (method instanceof BasicMethod.Reject r) {
            channel.reject(r.deliveryTag(), false, r.requeue());
        } else if (method instanceof BasicMethod.Consume c) {
            consume(c);
        } else if (method instanceof BasicMethod.Cancel c) {
            cancel(c);
        } else if (method instanceof BasicMethod.Get g) {
            get(g);
        } else if (method instanceof BasicMethod.Qos q) {
            qos(q);
        } else if (method instanceof BasicMethod.Recover r) {
            recover(r.requeue());
            channel.connection().out().method(channel.id(), new BasicMethod.RecoverOk());
        } else if (method instanceof BasicMethod.RecoverAsync r) {
            recover(r.requeue());
        } else {
            throw AmqpException.of(ReplyCode.COMMAND_INVALID, "%s is not allowed from a client", method.name());
        }
    }

    private VirtualHost vhost() {
        return channel.connection().vhost();
    }

    // ---- publish ---------------------------------------------------------------------------

    /**
     * {@code properties} is the raw property list. Does not take ownership of properties or body (the
     * channel releases them).
     */
    private void publish(BasicMethod.Publish p, ByteBuf properties, ByteBuf body) {
        if (p.immediate()) {
            // RabbitMQ removed immediate in 3.0 and answers it with this connection error
            throw AmqpException.connection(ReplyCode.NOT_IMPLEMENTED, "immediate=true");
        }
        access.writeExchange(p.exchange());
        Exchange exchange = vhost().existingExchange(p.exchange());
        if (exchange.internal()) {
            throw AmqpException.of(ReplyCode.ACCESS_REFUSED, "cannot publish to internal exchange '%s' in vhost '%s'",
                    p.exchange(), vhost().name());
        }
        // RabbitMQ's order: fast reply-to, expiration, CC/BCC, topic permissions, user-id
        boolean asksDirectReply = asksDirectReply(properties);
        checkExpiration(properties);
        lazyHeaders.reset(properties);
        boolean hasHeaders = hasFlag(properties, HEADERS_FLAG);
        // sender-selected distribution (https://www.rabbitmq.com/docs/sender-selected)
        List<String> moreKeys = hasHeaders ? SenderSelected.routingKeys(lazyHeaders.raw()) : List.of();
        access.topicWrite(exchange, p.routingKey());
        for (int i = 0; i < moreKeys.size(); i++) {
            access.topicWrite(exchange, moreKeys.get(i)); // RabbitMQ checks every routing key of the message
        }
        checkUserId(properties);
        List<Queue> targets = routeWalk.route(vhost(), exchange, p.routingKey(), moreKeys, lazyHeaders);
        boolean bcc = hasHeaders && lazyHeaders.raw().containsKey(SenderSelected.BCC);
        // a reply to a direct reply-to name: the default exchange "routes" it to the requesting channel
        ReplyTarget replyTarget = p.exchange().isEmpty() && DirectReplies.isReplyName(p.routingKey())
                ? vhost().directReplies().target(p.routingKey()) : null;
        exchange.counters().published(targets.size());
        channel.stats().publish++;
        vhost().counters().published(!targets.isEmpty() || replyTarget != null, p.mandatory());
        if (targets.isEmpty() && replyTarget == null) {
            if (channel.observer() != MessageObserver.NONE) {
                observePublish(p, properties, body, targets,
                        p.mandatory() ? MessageObserver.Routing.RETURNED : MessageObserver.Routing.DROPPED, null);
            }
            if (p.mandatory()) {
                channel.stats().returnUnroutable++;
                channel.returnMessage(ReplyCode.NO_ROUTE, "NO_ROUTE", p.exchange(), p.routingKey(),
                        properties, body);
            }
            channel.confirmAtOnce();
            return;
        }
        // why retain, not copy: the aggregator already gave properties and body buffers of their own,
        // so keeping them pins no socket buffer
        ByteBuf kept = bcc || asksDirectReply ? rewritten(properties, bcc, asksDirectReply) : properties.retain();
        Message message = new Message(p.exchange(), p.routingKey(), kept, body.retain(),
                PropertyPeek.deliveryMode(properties) == 2);
        if (channel.observer() != MessageObserver.NONE) {
            // before the enqueue: the queue's loop may report the arrival at once
            observePublish(p, kept, body, targets, MessageObserver.Routing.ROUTED, message);
        }
        try {
            if (replyTarget != null) {
                channel.directReply(replyTarget, p.routingKey(), message.retain());
                if (targets.isEmpty()) {
                    channel.confirmAtOnce();
                }
            }
            if (!targets.isEmpty()) {
                channel.enqueue(targets, message);
                for (int i = 0; i < targets.size(); i++) {
                    channel.connection().publishedTo(targets.get(i)); // flow control: a congested queue holds us back
                }
            }
        } finally {
            message.release();
        }
    }

    private void observePublish(BasicMethod.Publish p, ByteBuf properties, ByteBuf body, List<Queue> targets,
            MessageObserver.Routing routing, Message message) {
        String[] names = new String[targets.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = targets.get(i).name();
        }
        channel.observer().published(vhost().name(), p.exchange(), p.routingKey(), p.mandatory(), properties, body,
                List.of(names), routing, message);
    }

    /**
     * A request with {@code reply-to: amq.rabbitmq.reply-to}: its reply-to is rewritten to this
     * channel's reply name, which needs a reply consumer on this channel (406 otherwise, as RabbitMQ).
     */
    private boolean asksDirectReply(ByteBuf properties) {
        if (!hasFlag(properties, REPLY_TO_FLAG)
                || !DirectReplies.PSEUDO_QUEUE.equals(decoded(properties).replyTo())) {
            return false;
        }
        if (channel.replyConsumer() == null) {
            throw AmqpException.of(ReplyCode.PRECONDITION_FAILED, "fast reply consumer does not exist");
        }
        return true;
    }

    private static final int USER_ID_FLAG = 1 << 4;
    private static final int EXPIRATION_FLAG = 1 << 8;
    private static final int REPLY_TO_FLAG = 1 << 9;
    private static final int HEADERS_FLAG = 1 << 13;

    /** Whether a property is present, read from the flags without decoding anything. */
    private static boolean hasFlag(ByteBuf raw, int flag) {
        return raw.readableBytes() >= 2 && (raw.getUnsignedShort(raw.readerIndex()) & flag) != 0;
    }

    /** The raw property list decoded (its indexes untouched). */
    private static BasicProperties decoded(ByteBuf raw) {
        return BasicProperties.read(raw.duplicate());
    }

    /** RabbitMQ refuses a publish whose expiration is not a valid TTL (406, at publish). */
    private static void checkExpiration(ByteBuf raw) {
        if (hasFlag(raw, EXPIRATION_FLAG)) {
            ExpirationProperty.check(decoded(raw).expiration());
        }
    }

    /**
     * The properties re-encoded: without the BCC header (BCC recipients stay hidden from every
     * receiver) and/or with the direct reply-to name of this channel as reply-to.
     */
    private ByteBuf rewritten(ByteBuf raw, boolean dropBcc, boolean directReply) {
        BasicProperties props = decoded(raw);
        if (dropBcc) {
            props = props.withHeaders(props.headers().without("BCC"));
        }
        if (directReply) {
            props = props.withReplyTo(channel.replyConsumer().name());
        }
        ByteBuf out = channel.connection().alloc().buffer();
        props.write(out);
        return out;
    }

    /** RabbitMQ validates user-id: a publish claiming another user is a 406, unless the user is an impersonator. */
    private void checkUserId(ByteBuf raw) {
        if (!hasFlag(raw, USER_ID_FLAG)) {
            return;
        }
        String claimed = decoded(raw).userId();
        String user = channel.connection().user();
        if (claimed != null && !claimed.equals(user) && !channel.connection().mayImpersonate()) {
            throw AmqpException.of(ReplyCode.PRECONDITION_FAILED,
                    "user_id property set to '%s' but authenticated user was '%s'", claimed, user);
        }
    }

    /**
     * The message's headers table, decoded only if someone asks (why: most publishes carry no
     * headers and never reach a headers exchange, and decoding allocates; one instance per channel
     * is reset for each publish). As in RabbitMQ, routing sees it without BCC, which is removed
     * before routing.
     */
    private static final class LazyHeaders implements Headers {
        private ByteBuf properties;
        private FieldTable raw;
        private FieldTable table;

        void reset(ByteBuf properties) {
            this.properties = properties;
            this.raw = null;
            this.table = null;
        }

        /** The headers as published (BCC included). */
        FieldTable raw() {
            if (raw == null) {
                FieldTable t = decoded(properties).headers();
                raw = t == null ? FieldTable.EMPTY : t;
            }
            return raw;
        }

        private FieldTable table() {
            if (table == null) {
                FieldTable r = raw();
                table = r.containsKey(SenderSelected.BCC) ? r.without(SenderSelected.BCC) : r;
            }
            return table;
        }

        @Override
        public Object get(String name) {
            return table().get(name);
        }

        @Override
        public boolean contains(String name) {
            return table().containsKey(name);
        }
    }

    // ---- consumers -------------------------------------------------------------------------

    /** The filter an in-JVM connection named with {@code x-warren-consumer-filter}; ignored from sockets. */
    private io.warrenmq.server.queue.ConsumerFilter consumerFilter(io.warrenmq.codec.types.FieldTable arguments) {
        Object token = arguments.get(io.warrenmq.server.queue.ConsumerFilters.ARGUMENT);
        if (token == null || !channel.connection().mayUseConsumerFilters()) {
            return null;
        }
        String t = token instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(token);
        io.warrenmq.server.queue.ConsumerFilter f = channel.connection().consumerFilter(t);
        if (f == null) {
            throw AmqpException.of(ReplyCode.PRECONDITION_FAILED, "unknown consumer filter '%s'", t);
        }
        return f;
    }

    private void consume(BasicMethod.Consume c) {
        String tag = c.consumerTag().isEmpty() ? generateTag() : EntityNames.requireUtf8("consumer tag", c.consumerTag());
        DirectReplyConsumer replyConsumer = channel.replyConsumer();
        if (channel.consumers().containsKey(tag) || (replyConsumer != null && replyConsumer.tag().equals(tag))) {
            throw AmqpException.connection(ReplyCode.NOT_ALLOWED, "attempt to reuse consumer tag '%s'", tag);
        }
        if (c.queue().equals(DirectReplies.PSEUDO_QUEUE)) {
            channel.replyConsumer(DirectReplyConsumer.consume(channel, replyConsumer, tag, c.noAck()));
            if (!c.noWait()) {
                channel.connection().out().method(channel.id(), new BasicMethod.ConsumeOk(tag));
            }
            return;
        }
        String queueName = channel.resolveQueueName(c.queue());
        access.readQueue(queueName);
        Queue queue = QueueCommands.accessibleQueue(channel, queueName);
        Consumer consumer = new Consumer(tag, queue, channel, c.noAck(), c.exclusive(), channel.consumerPrefetch(),
                channel.credit()).withPriority(consumerPriority(c.arguments())).withArguments(c.arguments())
                .withFilter(consumerFilter(c.arguments()));
        channel.consumers().put(tag, consumer);
        queue.addConsumer(consumer, channel.mailbox(), channel.awaitReply(reply -> {
            if (reply.error() != null) {
                channel.consumers().remove(tag, consumer);
                consumer.cancel();
                throw reply.error().withMethod(BasicMethod.CLASS_ID, BasicMethod.Consume.METHOD_ID);
            }
            if (!channel.isOpen() || consumer.cancelled()) {
                // the channel closed (or cancelled) while the queue was adding the consumer
                queue.removeConsumer(consumer);
                return;
            }
            if (!c.noWait()) {
                channel.connection().out().method(channel.id(), new BasicMethod.ConsumeOk(tag));
            }
        }));
    }

    /** x-priority, an integer (RabbitMQ refuses other types with 406). */
    private static int consumerPriority(FieldTable arguments) {
        if (!arguments.containsKey("x-priority")) {
            return 0;
        }
        Long p = arguments.getLong("x-priority");
        if (p == null) {
            throw AmqpException.of(ReplyCode.PRECONDITION_FAILED, "invalid arg 'x-priority' for consumer: %s",
                    "unacceptable type");
        }
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, p));
    }

    private static String generateTag() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "amq.ctag-" + Long.toUnsignedString(r.nextLong(), 36) + Long.toUnsignedString(r.nextLong(), 36);
    }

    private void cancel(BasicMethod.Cancel c) {
        DirectReplyConsumer reply = channel.replyConsumer();
        if (reply != null && reply.tag().equals(c.consumerTag())) {
            reply.cancel();
            channel.replyConsumer(null);
        }
        Consumer consumer = channel.consumers().remove(c.consumerTag());
        if (consumer != null) {
            consumer.cancel();
            consumer.queue().removeConsumer(consumer);
        }
        if (!c.noWait()) {
            channel.connection().out().method(channel.id(), new BasicMethod.CancelOk(c.consumerTag()));
        }
    }

    private void get(BasicMethod.Get g) {
        String queueName = channel.resolveQueueName(g.queue());
        access.readQueue(queueName);
        Queue queue = QueueCommands.accessibleQueue(channel, queueName);
        queue.get(g.noAck(), channel.mailbox(), channel.awaitReply(got -> {
            QueueEntry entry = got.entry();
            if (!channel.isOpen()) {
                if (entry != null) {
                    queue.requeue(List.of(entry));
                }
                return;
            }
            if (entry == null) {
                channel.connection().out().method(channel.id(), new BasicMethod.GetEmpty(""));
            } else {
                channel.deliverGot(queue, entry, got.remaining(), g.noAck());
            }
        }));
    }

    private void qos(BasicMethod.Qos q) {
        if (q.prefetchSize() != 0) {
            throw AmqpException.connection(ReplyCode.NOT_IMPLEMENTED, "prefetch_size!=0 (%d)", q.prefetchSize());
        }
        // As RabbitMQ: global=false limits each consumer created afterwards (existing ones keep
        // theirs), global=true the channel. RabbitMQ (3.7.x on) also lifts the channel-wide limit on
        // global=false (rabbit_channel: rabbit_limiter:unlimit_prefetch); docs/conformance-qos.md.
        if (q.global()) {
            channel.credit().limit(q.prefetchCount());
        } else {
            channel.consumerPrefetch(q.prefetchCount());
            channel.credit().limit(0);
        }
        // a raised or lifted channel limit resumes consumers waiting on the old one at once, as
        // RabbitMQ's limiter notifies its queues (maybe_notify) instead of waiting for an ack
        channel.nudgeConsumerQueues();
        channel.connection().out().method(channel.id(), new BasicMethod.QosOk());
    }

    private void recover(boolean requeue) {
        if (!requeue) {
            throw AmqpException.connection(ReplyCode.NOT_IMPLEMENTED, "requeue=false");
        }
        channel.settleAll(true);
    }
}
