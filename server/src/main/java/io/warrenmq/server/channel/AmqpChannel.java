package io.warrenmq.server.channel;

import io.netty.buffer.ByteBuf;
import io.warrenmq.codec.AmqpException;
import io.warrenmq.server.clock.BrokerClock;
import io.warrenmq.codec.ContentAggregator;
import io.warrenmq.codec.Command;
import io.warrenmq.codec.ReplyCode;
import io.warrenmq.codec.method.AccessMethod;
import io.warrenmq.codec.method.BasicMethod;
import io.warrenmq.codec.method.ChannelMethod;
import io.warrenmq.codec.method.ConfirmMethod;
import io.warrenmq.codec.method.ExchangeMethod;
import io.warrenmq.codec.method.Method;
import io.warrenmq.codec.method.QueueMethod;
import io.warrenmq.codec.method.TxMethod;
import io.warrenmq.server.Mailbox;
import io.warrenmq.server.connection.ConnectionHandler;
import io.warrenmq.server.observe.MessageObserver;
import io.warrenmq.server.queue.ChannelCredit;
import io.warrenmq.server.queue.Consumer;
import io.warrenmq.server.queue.ConsumerOwner;
import io.warrenmq.server.queue.Queue;
import io.warrenmq.store.DurableStore;
import io.warrenmq.store.Message;
import io.warrenmq.store.QueueEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One AMQP channel: content assembly, command dispatch to the per-class command objects,
 * consumers, unacknowledged deliveries and the channel's share of flow control.
 *
 * <p>Commands run strictly in order. A command that needs an answer from a queue on another
 * loop (get, purge, delete, a redeclare's counts, consume) posts its request and parks the
 * channel: later commands wait in {@code deferred} until the answer arrives through the
 * connection's mailbox, so replies keep the order the client expects.
 *
 * <p>Thread-safety: confined to the connection's event loop, except the {@link ConsumerOwner}
 * methods documented as callable from queue loops.
 */
public final class AmqpChannel implements ConsumerOwner {
    private final int id;
    private final ConnectionHandler connection;
    private final ContentAggregator aggregator;
    private final ArrayDeque<Command> deferred = new ArrayDeque<>();
    private final UnackedLog unacked;
    private final Map<String, Consumer> consumers = new LinkedHashMap<>();
    private final ChannelCredit credit = new ChannelCredit();
    private final ChannelStats stats = new ChannelStats();
    private final ExchangeCommands exchangeCommands;
    private final QueueCommands queueCommands;
    private final BasicCommands basicCommands;
    /** The broker's observer, or NONE (compared once per event: nothing is done for it when off). */
    private final MessageObserver observer;

    private volatile ChannelState state = ChannelState.OPEN;
    private volatile boolean flowActive = true;
    private boolean awaitingReply;
    private long nextDeliveryTag = 1;
    private int consumerPrefetch;
    private String lastQueue;
    /** Non-null once tx.select was seen: publishes and settlements wait for tx.commit. */
    private Transaction transaction;
    /** Non-null once confirm.select was seen. */
    private PublisherConfirms confirms;
    /** Non-null while the channel consumes from amq.rabbitmq.reply-to. */
    private DirectReplyConsumer replyConsumer;

    /** The periodic consumer-acknowledgement-timeout check; null when the timeout is off. */
    private final java.util.concurrent.Future<?> ackTimeoutCheck;

    public AmqpChannel(int id, ConnectionHandler connection) {
        this.id = id;
        this.connection = connection;
        BrokerClock clock = connection.clock();
        this.unacked = new UnackedLog(clock);
        long timeout = connection.consumerTimeoutMillis();
        long period = Math.max(100, Math.min(timeout / 2, 60_000));
        this.ackTimeoutCheck = timeout <= 0 ? null : clock.scheduleAtFixedRate(connection.loop(),
                this::checkAckTimeout, period, period, java.util.concurrent.TimeUnit.MILLISECONDS);
        this.observer = connection.vhost() == null ? MessageObserver.NONE : connection.vhost().observer();
        this.aggregator = new ContentAggregator(connection.alloc(), connection.maxMessageSize(), this::received);
        this.exchangeCommands = new ExchangeCommands(this);
        this.queueCommands = new QueueCommands(this);
        this.basicCommands = new BasicCommands(this);
    }

    public int id() {
        return id;
    }

    ConnectionHandler connection() {
        return connection;
    }

    MessageObserver observer() {
        return observer;
    }

    public boolean isOpen() {
        return state == ChannelState.OPEN;
    }

    // ---- Inbound ---------------------------------------------------------------------------

    /** A method frame for this channel; throws AmqpException for the connection handler to map. */
    public void onMethod(Method method) {
        if (state != ChannelState.OPEN) {
            discardWhileClosing(method);
            return;
        }
        aggregator.onMethod(method);
    }

    /** A content header frame (properties at {@code in[index, index + length)}, copied); as {@link #onMethod}. */
    public void onHeader(int classId, long bodySize, ByteBuf in, int index, int length) {
        if (state == ChannelState.OPEN) {
            aggregator.onHeader(classId, bodySize, in, index, length);
        }
    }

    /** A content body frame (payload at {@code in[index, index + length)}, copied); as {@link #onMethod}. */
    public void onBody(ByteBuf in, int index, int length) {
        if (state == ChannelState.OPEN) {
            aggregator.onBody(in, index, length);
        }
    }

    /** The aggregator's sink: a complete command runs now, or waits behind a command that awaits a queue. */
    private void received(Method method, ByteBuf properties, ByteBuf body) {
        if (awaitingReply) {
            deferred.add(new Command(method, properties, body));
        } else {
            execute(method, properties, body);
        }
    }

    private void discardWhileClosing(Method method) {
        if (method instanceof ChannelMethod.CloseOk) {
            state = ChannelState.CLOSED;
            connection.channelClosed(id);
        } else if (method instanceof ChannelMethod.Close) {
            // both sides closed at once: answer, and wait no longer for our close-ok
            connection.out().method(id, new ChannelMethod.CloseOk());
            state = ChannelState.CLOSED;
            connection.channelClosed(id);
        }
    }

    /** Runs one command; releases its content (if any) afterwards. */
    private void execute(Method method, ByteBuf properties, ByteBuf body) {
        try {
            switch (method.classId()) {
                case ChannelMethod.CLASS_ID -> channelMethod(method);
                case AccessMethod.CLASS_ID -> connection.out().method(id, new AccessMethod.RequestOk());
                case ExchangeMethod.CLASS_ID -> exchangeCommands.handle((ExchangeMethod) method);
                case QueueMethod.CLASS_ID -> queueCommands.handle((QueueMethod) method);
                case BasicMethod.CLASS_ID -> basicCommands.handle((BasicMethod) method, properties, body);
                case TxMethod.CLASS_ID -> txMethod(method);
                case ConfirmMethod.CLASS_ID -> confirmMethod(method);
                default -> throw AmqpException.of(ReplyCode.NOT_IMPLEMENTED, "%s is not implemented yet",
                        method.name());
            }
        } catch (AmqpException e) {
            throw e.classId() == 0 ? e.withMethod(method.classId(), method.methodId()) : e;
        } finally {
            if (properties != null) {
                properties.release();
            }
            if (body != null) {
                body.release();
            }
        }
    }

    private void channelMethod(Method method) {
        if (method instanceof ChannelMethod.Close) {
            shutdown();
            connection.out().method(id, new ChannelMethod.CloseOk());
            connection.channelClosed(id);
        } else if (method instanceof ChannelMethod.Flow flow) {
            flowActive = flow.active();
            connection.out().method(id, new ChannelMethod.FlowOk(flow.active()));
            if (flow.active()) {
                nudgeConsumerQueues();
            }
        } else if (method instanceof ChannelMethod.Open) {
            throw AmqpException.of(ReplyCode.CHANNEL_ERROR, "second 'channel.open' seen");
        } else if (method instanceof ChannelMethod.CloseOk) {
            throw AmqpException.of(ReplyCode.CHANNEL_ERROR, "unexpected 'channel.close_ok' on an open channel");
        } else {
            throw AmqpException.of(ReplyCode.COMMAND_INVALID, "%s is not allowed from a client", method.name());
        }
    }

    private void confirmMethod(Method method) {
        if (!(method instanceof ConfirmMethod.Select select)) {
            throw AmqpException.of(ReplyCode.COMMAND_INVALID, "%s is not allowed from a client", method.name());
        }
        if (transaction != null) {
            throw AmqpException.of(ReplyCode.PRECONDITION_FAILED, "cannot switch from tx to confirm mode");
        }
        if (confirms == null) {
            confirms = new PublisherConfirms(this);
        }
        if (!select.noWait()) {
            connection.out().method(id, new ConfirmMethod.SelectOk());
        }
    }

    private void txMethod(Method method) {
        if (method instanceof TxMethod.Select) {
            if (confirms != null) {
                throw AmqpException.of(ReplyCode.PRECONDITION_FAILED, "cannot switch from confirm to tx mode");
            }
            if (transaction == null) {
                transaction = new Transaction(this);
            }
            connection.out().method(id, new TxMethod.SelectOk());
            return;
        }
        if (transaction == null) {
            throw AmqpException.of(ReplyCode.PRECONDITION_FAILED, "channel is not transactional");
        }
        if (method instanceof TxMethod.Commit) {
            transaction.commit();
            connection.out().method(id, new TxMethod.CommitOk());
        } else if (method instanceof TxMethod.Rollback) {
            transaction.rollback();
            connection.out().method(id, new TxMethod.RollbackOk());
        } else {
            throw AmqpException.of(ReplyCode.COMMAND_INVALID, "%s is not allowed from a client", method.name());
        }
    }

    /**
     * Delivers a routed publish to its queues: straight away, into the open transaction, or with
     * a confirm sequence number that the queues report back. Takes ownership of one message
     * reference per queue ({@code message} keeps the caller's).
     */
    void enqueue(List<Queue> targets, Message message) {
        int n = targets.size();
        long storeId = message.persistent() ? persist(targets, message) : -1;
        if (confirms != null) {
            long sequence = confirms.register(storeId >= 0 ? n + 1 : n);
            for (int i = 0; i < n; i++) {
                targets.get(i).enqueue(entry(targets.get(i), message, storeId), confirms, sequence);
            }
        } else if (transaction != null) {
            for (int i = 0; i < n; i++) {
                transaction.publish(targets.get(i), entry(targets.get(i), message, storeId));
            }
        } else {
            for (int i = 0; i < n; i++) {
                targets.get(i).enqueue(entry(targets.get(i), message, storeId));
            }
        }
    }

    private static QueueEntry entry(Queue queue, Message message, long storeId) {
        QueueEntry entry = new QueueEntry(message.retain());
        if (storeId >= 0 && queue.persistsMessages()) {
            entry.storeId(storeId);
        }
        return entry;
    }

    /**
     * Writes a persistent message once for all the durable queues it was routed to; returns its
     * store id, or -1 when no durable queue takes it. In confirm mode the store is one more party
     * the confirm waits for: it reports after the fsync.
     */
    private long persist(List<Queue> targets, Message message) {
        DurableStore store = connection.vhost().store();
        if (store == null) {
            return -1;
        }
        List<String> durable = null;
        for (int i = 0; i < targets.size(); i++) {
            Queue q = targets.get(i);
            if (q.persistsMessages()) {
                if (durable == null) {
                    durable = new ArrayList<>(targets.size());
                }
                durable.add(q.name());
            }
        }
        if (durable == null) {
            return -1;
        }
        PublisherConfirms c = confirms;
        // the sequence number is assigned right after this call returns (register), so compute it now
        long sequence = c == null ? 0 : c.nextSequence();
        Runnable onDurable = c == null ? NO_OP : () -> mailbox().post((Runnable) () -> c.stored(sequence));
        // a store that cannot write: a confirm-mode publisher gets a basic.nack for the message (as
        // RabbitMQ nacks on an internal error); any other publisher learns it by a 541 connection close
        java.util.function.Consumer<Throwable> onFailure = c != null
                ? failure -> mailbox().post((Runnable) () -> c.storeFailed(sequence))
                : failure -> mailbox().post((Runnable) () -> connection.guard(this, () -> {
                    throw AmqpException.connection(ReplyCode.INTERNAL_ERROR, "message store failed: %s", failure);
                }));
        return store.publish(connection.vhost().name(), durable, message.exchange(), message.routingKey(),
                message.properties(), message.body(), onDurable, onFailure);
    }

    private static final Runnable NO_OP = () -> { };

    /**
     * A publish no queue takes (unroutable, or a direct reply): confirmed at once in confirm mode
     * (after any basic.return).
     */
    void confirmAtOnce() {
        if (confirms != null) {
            confirms.register(0);
            confirms.flush();
        }
    }

    /**
     * A reply to a direct reply-to name: handed to the requesting channel now, or at commit
     * inside a transaction. Takes ownership of one reference of {@code message}.
     */
    void directReply(io.warrenmq.server.vhost.ReplyTarget target, String name, Message message) {
        if (transaction != null) {
            transaction.reply(target, name, message);
        } else {
            target.reply(name, message);
        }
    }

    /**
     * Parks the channel until a queue answers; the returned callback (run on this loop via the
     * connection's mailbox) handles the answer and then runs the deferred commands.
     */
    <T> java.util.function.Consumer<T> awaitReply(java.util.function.Consumer<T> onReply) {
        awaitingReply = true;
        return value -> connection.guard(this, () -> {
            awaitingReply = false;
            onReply.accept(value);
            resume();
        });
    }

    private void resume() {
        Command next;
        while (!awaitingReply && state == ChannelState.OPEN && (next = deferred.poll()) != null) {
            execute(next.method(), next.properties(), next.body());
        }
    }

    // ---- Closing ---------------------------------------------------------------------------

    /** A soft error: tell the client, free everything, wait for its close-ok. */
    public void closeWithError(AmqpException e) {
        shutdown();
        state = ChannelState.CLOSING;
        connection.out().method(id, new ChannelMethod.Close(e.code().code(), e.text(), e.classId(), e.methodId()));
    }

    /** Releases what the channel holds: partial content, deferred commands, consumers, unacked. */
    public void shutdown() {
        if (state == ChannelState.CLOSED) {
            return;
        }
        state = ChannelState.CLOSED;
        if (ackTimeoutCheck != null) {
            ackTimeoutCheck.cancel(false);
        }
        aggregator.reset();
        for (Command c; (c = deferred.poll()) != null; ) {
            c.release();
        }
        for (Consumer c : consumers.values()) {
            c.cancel();
            c.queue().removeConsumer(c);
        }
        consumers.clear();
        if (replyConsumer != null) {
            replyConsumer.cancel();
            replyConsumer = null;
        }
        if (transaction != null) {
            transaction.rollback();
        }
        settleAll(true);
    }

    /**
     * RabbitMQ's consumer acknowledgement timeout (consumer_timeout, 30 minutes by default): a
     * delivery left unacknowledged longer closes its channel with 406 (and its unacked messages
     * go back to their queues).
     */
    private void checkAckTimeout() {
        long timeout = connection.consumerTimeoutMillis();
        if (state == ChannelState.OPEN && unacked.size() > 0
                && connection.clock().currentTimeMillis() - unacked.oldestTime() > timeout) {
            connection.guard(this, () -> {
                throw AmqpException.of(ReplyCode.PRECONDITION_FAILED,
                        "delivery acknowledgement on channel %d timed out. Timeout value used: %d ms. This timeout "
                                + "value can be configured, see consumers doc guide to learn more", id, timeout);
            });
        }
    }

    // ---- Settlement (ack, nack, reject, recover) -------------------------------------------

    void ack(long tag, boolean multiple) {
        settle(tag, multiple, false, false);
    }

    /** nack / reject: requeue, or dead-letter (dropped when the queue has no DLX). */
    void reject(long tag, boolean multiple, boolean requeue) {
        settle(tag, multiple, requeue, !requeue);
    }

    private void settle(long tag, boolean multiple, boolean requeue, boolean rejected) {
        UnackedLog.Sink s = transaction != null ? transaction.settlements(requeue, rejected)
                : new Settlement(this, requeue, rejected);
        if (multiple && tag == 0) {
            unacked.removeAll(s);
        } else if (multiple) {
            if (!unacked.contains(tag)) {
                throw unknownTag(tag);
            }
            unacked.removeUpTo(tag, s);
        } else if (!unacked.remove(tag, s)) {
            throw unknownTag(tag);
        }
        if (s instanceof Settlement settlement) {
            settlement.finish();
        }
    }

    /** Applies settlements in one go (a committed transaction's acks, nacks and rejects). */
    void applySettlements(List<UnackedLog.Removed> removed, boolean requeue, boolean rejected) {
        Settlement s = new Settlement(this, requeue, rejected);
        for (UnackedLog.Removed r : removed) {
            s.accept(r.tag(), r.queue(), r.consumer(), r.entry());
        }
        s.finish();
    }

    /** A rolled-back transaction's settlements: the deliveries are unacknowledged again. */
    void restoreUnacked(List<UnackedLog.Removed> removed) {
        unacked.restore(removed);
    }

    private static AmqpException unknownTag(long tag) {
        return AmqpException.of(ReplyCode.PRECONDITION_FAILED, "unknown delivery tag %d", tag);
    }

    /** basic.recover with requeue, and channel close: every unacked delivery goes back. */
    void settleAll(boolean requeue) {
        Settlement s = new Settlement(this, requeue, false);
        unacked.removeAll(s);
        s.finish();
    }

    void nudgeConsumerQueues() {
        for (Consumer c : consumers.values()) {
            c.queue().nudge();
        }
    }

    /** The connection's socket became writable again. */
    public void writable() {
        nudgeConsumerQueues();
    }

    // ---- Deliveries ------------------------------------------------------------------------

    @Override
    public Mailbox mailbox() {
        return connection.mailbox();
    }

    @Override
    public boolean acceptingDeliveries() {
        return flowActive && connection.writable();
    }

    @Override
    public void deliver(Consumer consumer, QueueEntry entry) {
        consumer.arrived();
        if (state != ChannelState.OPEN || consumer.cancelled()) {
            if (!consumer.noAck()) {
                consumer.settled(1);
            }
            consumer.queue().requeue(List.of(entry));
            return;
        }
        long tag = nextDeliveryTag++;
        Message m = entry.message();
        countDelivery(consumer.noAck(), entry.redelivered(), false);
        connection.out().deliver(id, consumer.tag(), tag, entry.redelivered(), m.exchange(), m.routingKey(),
                m.properties(), m.body());
        if (observer != MessageObserver.NONE) {
            Queue q = consumer.queue();
            observer.delivered(q.vhost().name(), q.name(), m, consumer.tag(), tag, entry.redelivered(),
                    consumer.noAck());
        }
        if (consumer.noAck()) {
            entry.release();
        } else {
            unacked.add(tag, consumer.queue(), consumer, entry);
        }
    }

    /** basic.get-ok: writes the message and records it unacked unless no-ack. */
    void deliverGot(Queue queue, QueueEntry entry, int remaining, boolean noAck) {
        long tag = nextDeliveryTag++;
        Message m = entry.message();
        countDelivery(noAck, entry.redelivered(), true);
        connection.out().content(id,
                new BasicMethod.GetOk(tag, entry.redelivered(), m.exchange(), m.routingKey(), remaining),
                m.properties(), m.body());
        if (observer != MessageObserver.NONE) {
            observer.delivered(queue.vhost().name(), queue.name(), m, null, tag, entry.redelivered(), noAck);
        }
        if (noAck) {
            entry.release();
        } else {
            unacked.add(tag, queue, null, entry);
        }
    }

    private void countDelivery(boolean noAck, boolean redelivered, boolean got) {
        if (got) {
            if (noAck) {
                stats.getNoAck++;
            } else {
                stats.get++;
            }
        } else if (noAck) {
            stats.deliverNoAck++;
        } else {
            stats.deliver++;
        }
        if (redelivered) {
            stats.redeliver++;
        }
    }

    @Override
    public void cancelledByQueue(Consumer consumer) {
        if (consumers.remove(consumer.tag(), consumer)) {
            consumer.cancel();
            if (state == ChannelState.OPEN && connection.clientWantsCancelNotify()) {
                connection.out().method(id, new BasicMethod.Cancel(consumer.tag(), true));
            }
        }
    }

    // ---- Inspection -------------------------------------------------------------------------

    /** This channel now, for the management API; on the connection's loop. */
    public ChannelSnapshot snapshot() {
        String shown = state != ChannelState.OPEN ? "closing" : flowActive ? "running" : "flow";
        java.util.List<ChannelSnapshot.ConsumerSnapshot> cs = new java.util.ArrayList<>(consumers.size());
        for (Consumer c : consumers.values()) {
            Queue q = c.queue();
            cs.add(new ChannelSnapshot.ConsumerSnapshot(c.tag(), q.vhost().name(), q.name(), !c.noAck(),
                    c.exclusive(), c.prefetch(), c.arguments(), c.active(), c.activityStatus()));
        }
        return new ChannelSnapshot(id, shown, confirms != null, transaction != null, consumerPrefetch,
                credit.limit(), unacked.size(), confirms == null ? 0 : confirms.outstanding(),
                transaction == null ? 0 : transaction.uncommittedPublishes(),
                transaction == null ? 0 : transaction.uncommittedAcks(), stats.snapshot(System.currentTimeMillis()), cs);
    }

    ChannelStats stats() {
        return stats;
    }

    // ---- State shared with the command objects ----------------------------------------------

    long nextDeliveryTag() {
        return nextDeliveryTag++;
    }

    DirectReplyConsumer replyConsumer() {
        return replyConsumer;
    }

    void replyConsumer(DirectReplyConsumer consumer) {
        this.replyConsumer = consumer;
    }

    Map<String, Consumer> consumers() {
        return consumers;
    }

    ChannelCredit credit() {
        return credit;
    }

    int consumerPrefetch() {
        return consumerPrefetch;
    }

    void consumerPrefetch(int prefetch) {
        this.consumerPrefetch = prefetch;
    }

    /** spec: an empty queue name means the last queue declared on this channel. */
    String resolveQueueName(String name) {
        if (!name.isEmpty()) {
            return name;
        }
        if (lastQueue == null) {
            throw AmqpException.of(ReplyCode.NOT_FOUND, "no previously declared queue");
        }
        return lastQueue;
    }

    void lastQueue(String name) {
        this.lastQueue = name;
    }

    /**
     * Writes a basic.return with the message's content; inside a transaction it waits for tx.commit
     * (and a rollback drops it), as RabbitMQ routes a transactional publish at once but delivers,
     * or returns, it only at commit. Does not take ownership of {@code properties} or {@code body}.
     */
    void returnMessage(ReplyCode code, String text, String exchange, String routingKey, ByteBuf properties,
            ByteBuf body) {
        BasicMethod.Return method = new BasicMethod.Return(code.code(), text, exchange, routingKey);
        if (transaction != null) {
            transaction.returned(method, properties.retain(), body.retain());
        } else {
            writeContent(method, properties, body);
        }
    }

    /** A method with content (a return) written now; does not take ownership of the buffers. */
    void writeContent(Method method, ByteBuf properties, ByteBuf body) {
        connection.out().content(id, method, properties, body);
    }
}
