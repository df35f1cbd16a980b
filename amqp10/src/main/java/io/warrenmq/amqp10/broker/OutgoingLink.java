package io.warrenmq.amqp10.broker;

import io.netty.buffer.ByteBuf;
import io.warrenmq.amqp10.codec.Attach;
import io.warrenmq.amqp10.codec.DeliveryState;
import io.warrenmq.amqp10.codec.ErrorCondition;
import io.warrenmq.amqp10.codec.Flow;
import io.warrenmq.amqp10.codec.Terminus;
import io.warrenmq.codec.method.BasicMethod;
import io.warrenmq.codec.method.Method;
import io.warrenmq.codec.method.QueueMethod;
import io.warrenmq.codec.types.BasicProperties;
import io.warrenmq.codec.types.FieldTable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A link on which the broker sends from a queue ({@code /queues/:q}): a 0-9-1 consumer on its own
 * channel. Link credit becomes the channel's prefetch: the limit follows unsettled + credit (raised
 * at once, lowered when it falls below half), so the queue sends about as many as the peer asked
 * for; those that arrive beyond the credit wait here, unacked, for the next credit.
 *
 * <p>Drain: what is here goes first; then {@code basic.get} pulls while credit is left, and at the
 * first get-empty the remaining credit is spent (delivery-count advanced) and the flow answered
 * with drain set, as qpid-jms's {@code receive(timeout)} and {@code receiveNoWait} with prefetch 0
 * wait for.
 *
 * <p>Outcomes: accepted → ack; released → requeue; rejected → reject without requeue (dead-letter);
 * modified → requeue, or dead-letter when undeliverable-here.
 *
 * <p>Thread-safety: confined to the connection's loop.
 */
final class OutgoingLink implements Link, Bridge.ChannelListener {
    private enum State { ATTACHING, ATTACHED, DETACHED }

    /** A delivery the peer has not settled: the 0-9-1 tag it settles. */
    record Unsettled(OutgoingLink link, long deliveryId, long tag) {
    }

    private record Pending(long tag, boolean redelivered, String exchange, String routingKey,
            BasicProperties properties, byte[] body) {
    }

    private final Session session;
    private final Attach attach;
    private final boolean presettled;
    private State state = State.ATTACHING;
    private String queue;
    /** A named (durable or shared) subscription, or null. */
    private Subscription named;
    /** A queue consumer's selector, applied by the queue; null when it has none. */
    private QueueSelector queueFilter;
    /** What a delivery must pass (no-local, selector); null when every one goes. */
    private DeliveryFilter filter;
    /** The peer detached with closed=true: a non-shared durable subscription ends with it. */
    private boolean peerClosed;
    /** A subscription to an exchange: the exchange and key its server-named queue is bound with. */
    private Addresses.ExchangeAddress subscription;
    private int bridgeChannel;
    /** Ours as the sender; starts just below the wrap, as RabbitMQ's (see Session.INITIAL_OUTGOING_ID). */
    private long deliveryCount = INITIAL_DELIVERY_COUNT;
    static final long INITIAL_DELIVERY_COUNT = 0xFFFF_FFFFL - 4;
    private long credit;
    private boolean drain;
    private boolean getting;
    private int unsettledCount;
    private int prefetch = -1;
    /** Whether the 0-9-1 consumer is on: cancelled while there is no credit and nothing unsettled. */
    private boolean consuming;
    private final Deque<Pending> waiting = new ArrayDeque<>();

    OutgoingLink(Session session, Attach attach) {
        this.session = session;
        this.attach = attach;
        this.presettled = attach.sndSettleMode() == Attach.SND_SETTLED;
    }

    @Override
    public long handle() {
        return attach.handle();
    }

    void start() {
        Terminus source = Terminus.read(attach.source());
        Addresses.ExchangeAddress exchangeAddress = null;
        try {
            if (source.dynamic()) {
                throw new UnsupportedOperationException("dynamic sources are not supported yet");
            }
            Filters filters = Filters.read(source.filter());
            Addresses.Address a = Addresses.parse(source.address());
            if (a instanceof Addresses.QueueAddress q) {
                // no-local is about topics (JMS 2.0: "if the destination is a topic"): ignored here
                queue = q.queue();
                if (filters.selector() != null) {
                    // a queue consumer's selector is applied by the queue, which keeps what it does
                    // not select for other consumers (ConsumerFilter); not settled away here
                    queueFilter = QueueSelector.register(session.connection().host(), filters.selector());
                    filters = Filters.NONE;
                }
            } else {
                exchangeAddress = (Addresses.ExchangeAddress) a;
            }
            named = exchangeAddress == null ? null : Subscription.of(attach.name(),
                    session.connection().containerId(), source, filters.selector(), filters.noLocal());
            if (queue != null && (source.durable() != 0 || Terminus.NEVER.equals(source.expiryPolicy()))) {
                throw new IllegalArgumentException("a durable subscription needs a topic or exchange address");
            }
            filter = DeliveryFilter.of(filters, session.connection());
        } catch (UnsupportedOperationException e) {
            refuse(ErrorCondition.of(ErrorCondition.NOT_IMPLEMENTED, e.getMessage()));
            return;
        } catch (IllegalArgumentException e) {
            refuse(ErrorCondition.of(ErrorCondition.INVALID_FIELD, e.getMessage()));
            return;
        }
        Bridge bridge = session.connection().bridge();
        bridgeChannel = bridge.openChannel(this);
        if (named != null) {
            subscribe(bridge, exchangeAddress);
            return;
        }
        if (exchangeAddress != null) {
            subscription = exchangeAddress;
            // a non-durable subscriber: its own queue, exclusive to the connection, deleted on detach
            bridge.send(bridgeChannel, new QueueMethod.Declare("", false, false, true, false, false, FieldTable.EMPTY));
            return; // bound and consumed once declared
        }
        startConsuming(bridge);
    }

    /**
     * A named subscription: its queue declared (replaced first when it holds a different
     * subscription: JMS's "changing a durable subscription is unsubscribing and subscribing again";
     * the delete is if-unused, so an active one is refused), bound, consumed.
     */
    private void subscribe(Bridge bridge, Addresses.ExchangeAddress x) {
        queue = named.queue();
        java.util.Optional<FieldTable> existing = session.connection().host().queueArguments(bridge.vhost(), queue);
        if (existing.isPresent() && !Subscription.isSubscription(existing.get())) {
            // never delete a queue someone declared with that name for something else
            bridge.closeChannel(bridgeChannel);
            refuse(ErrorCondition.of(ErrorCondition.PRECONDITION_FAILED, "queue '" + queue
                    + "' exists and is not a JMS subscription's"));
            return;
        }
        if (existing.isPresent() && !named.sameAs(existing.get())) {
            bridge.send(bridgeChannel, new QueueMethod.Delete(queue, true, false, false));
        }
        bridge.send(bridgeChannel, new QueueMethod.Declare(queue, false, named.durableQueue(), named.exclusiveQueue(),
                named.autoDelete(), false, named.arguments()));
        bridge.send(bridgeChannel, new QueueMethod.Bind(queue, x.exchange(), x.routingKey(), false, FieldTable.EMPTY));
        startConsuming(bridge);
    }

    private void startConsuming(Bridge bridge) {
        // consuming at once checks that the queue exists and the user may read it, before the attach is answered
        prefetch = 1;
        bridge.send(bridgeChannel, new BasicMethod.Qos(0, 1, true));
        consume(bridge);
    }

    private void consume(Bridge bridge) {
        consuming = true;
        // an unshared durable subscription has one consumer at a time (JMS 2.0, 6.2.9)
        boolean exclusive = named != null && !named.shared();
        bridge.send(bridgeChannel, new BasicMethod.Consume(queue, consumerTag(), false, false, exclusive, false,
                queueFilter == null ? FieldTable.EMPTY : queueFilter.consumeArguments()));
    }

    private String consumerTag() {
        return "amqp10-" + attach.handle();
    }

    private void refuse(ErrorCondition error) {
        state = State.DETACHED;
        releaseFilter();
        session.refuseAttach(attach, error);
        session.forget(this);
    }

    @Override
    public void method(Method m) {
        if (state == State.ATTACHING && m instanceof QueueMethod.DeclareOk d && subscription != null && queue == null) {
            queue = d.queue();
            Bridge bridge = session.connection().bridge();
            bridge.send(bridgeChannel, new QueueMethod.Bind(queue, subscription.exchange(), subscription.routingKey(),
                    false, FieldTable.EMPTY));
            startConsuming(bridge);
        } else if (state == State.ATTACHING && m instanceof BasicMethod.ConsumeOk) {
            state = State.ATTACHED;
            session.connection().send(session.channel(), new Attach(attach.name(), attach.handle(), false,
                    presettled ? Attach.SND_SETTLED : Attach.SND_UNSETTLED, Attach.RCV_FIRST, attach.source(),
                    attach.target(), deliveryCount, 0, List.of(), List.of(), null));
            pump();
            session.connection().flush();
        } else if (m instanceof BasicMethod.GetEmpty) {
            getting = false;
            if (drain) {
                // the queue has no more: spend the credit and say so
                deliveryCount = io.warrenmq.amqp10.engine.Serial.add(deliveryCount, credit);
                credit = 0;
                drain = false;
                sendFlowDrained();
            }
            pump();
            session.connection().flush();
        } else if (m instanceof BasicMethod.Cancel) {
            // the queue was deleted: RabbitMQ detaches such a link
            session.linkFailed(this, ErrorCondition.of(ErrorCondition.NOT_FOUND, "queue '" + queue + "' was deleted"));
        }
    }

    @Override
    public void content(Method m, BasicProperties properties, byte[] body) {
        if (filter != null && !filter.accepts(properties)) {
            // not for this subscriber: its queue is its subscription's, so the message is settled away
            long tag = m instanceof BasicMethod.Deliver d ? d.deliveryTag() : ((BasicMethod.GetOk) m).deliveryTag();
            getting = false;
            session.connection().bridge().send(bridgeChannel, new BasicMethod.Ack(tag, false));
            pump();
            return;
        }
        if (m instanceof BasicMethod.Deliver d) {
            waiting.add(new Pending(d.deliveryTag(), d.redelivered(), d.exchange(), d.routingKey(), properties, body));
        } else if (m instanceof BasicMethod.GetOk g) {
            getting = false;
            waiting.add(new Pending(g.deliveryTag(), g.redelivered(), g.exchange(), g.routingKey(), properties, body));
        }
        pump(); // written after the batch (Bridge.Owner.afterBatch)
    }

    @Override
    public void closed(int replyCode, String replyText) {
        if (state == State.ATTACHING) {
            if (replyCode == 403 && named != null && !named.shared() && replyText != null
                    && replyText.contains("in exclusive use")) {
                // the exclusive consume of an unshared durable subscription: someone is using it
                refuse(ErrorCondition.of(ErrorCondition.RESOURCE_LOCKED, "durable subscription '"
                        + Subscription.subscriptionName(attach.name()) + "' is in use: " + replyText));
                return;
            }
            refuse(Conditions.of(replyCode, replyText));
        } else if (state == State.ATTACHED) {
            state = State.DETACHED;
            releaseFilter();
            session.linkFailed(this, Conditions.of(replyCode, replyText));
        }
    }

    /** The no-local count goes down exactly once, however the link ends; a queue selector is unregistered. */
    private void releaseFilter() {
        if (queueFilter != null) {
            queueFilter.unregister();
            queueFilter = null;
        }
        if (filter != null) {
            filter.release();
            filter = null;
        }
    }

    @Override
    public void onFlow(Flow flow) {
        // spec 2.6.7: credit = the receiver's delivery-count + its link-credit - ours
        // the receiver's count is ours as it last heard it (absent before its first transfer: our initial one)
        long theirs = flow.deliveryCount() < 0 ? INITIAL_DELIVERY_COUNT : flow.deliveryCount();
        credit = Math.max(0, Math.max(flow.linkCredit(), 0) + io.warrenmq.amqp10.engine.Serial.diff(theirs, deliveryCount));
        drain = flow.drain();
        pump();
        if (flow.echo() && !drain) {
            sendFlow();
        }
    }

    @Override
    public void peerClosed() {
        peerClosed = true;
    }

    @Override
    public void detached() {
        if (state != State.DETACHED) {
            state = State.DETACHED;
            waiting.clear(); // unacked on the channel: closing it requeues them
            if (subscription != null && queue != null
                    || named != null && named.durable() && !named.shared() && peerClosed) {
                // a subscriber's own queue; or a durable subscription whose link the peer closed (spec
                // 2.6.3: closing the link destroys its terminus)
                session.connection().bridge().send(bridgeChannel, new QueueMethod.Delete(queue, false, false, true));
            }
            releaseFilter();
            session.connection().bridge().closeChannel(bridgeChannel);
        }
    }

    /** Sends what credit and the session window allow; completes a drain; adjusts the prefetch. */
    void pump() {
        if (state != State.ATTACHED) {
            return;
        }
        while (credit > 0 && !waiting.isEmpty() && session.canSend()) {
            send(waiting.pollFirst());
        }
        if (drain && credit > 0 && waiting.isEmpty() && !getting && queueFilter != null) {
            // basic.get takes the head whatever it is: a filtered consumer's drain ends with what
            // its consumer was given (its prefetch was open while it had credit)
            deliveryCount = io.warrenmq.amqp10.engine.Serial.add(deliveryCount, credit);
            credit = 0;
            drain = false;
            sendFlowDrained();
        }
        if (drain && credit > 0 && waiting.isEmpty() && !getting) {
            if (session.canSend()) {
                getting = true;
                session.connection().bridge().send(bridgeChannel, new BasicMethod.Get(queue, false));
            }
            return;
        }
        if (drain && credit > 0) {
            return; // a get is out
        }
        if (drain && credit == 0) {
            drain = false;
            sendFlowDrained();
        }
        updatePrefetch();
    }

    private void send(Pending p) {
        ByteBuf message = MessageMapping.toAmqp10(p.properties(), p.body(), p.exchange(), p.routingKey(), p.redelivered());
        try {
            byte[] tag = java.nio.ByteBuffer.allocate(8).putLong(p.tag()).array();
            session.sendDelivery(attach.handle(), tag, presettled, message,
                    id -> new Unsettled(this, id, p.tag()));
        } finally {
            message.release();
        }
        deliveryCount = io.warrenmq.amqp10.engine.Serial.add(deliveryCount, 1);
        credit--;
        if (presettled) {
            session.connection().bridge().send(bridgeChannel, new BasicMethod.Ack(p.tag(), false));
        } else {
            unsettledCount++;
        }
    }

    void settle(Unsettled u, DeliveryState outcome) {
        if (state != State.ATTACHED) {
            return;
        }
        unsettledCount--;
        Method m;
        if (outcome instanceof DeliveryState.Accepted) {
            m = new BasicMethod.Ack(u.tag(), false);
        } else if (outcome instanceof DeliveryState.Rejected) {
            m = new BasicMethod.Reject(u.tag(), false);
        } else if (outcome instanceof DeliveryState.Modified mod && mod.undeliverableHere()) {
            m = new BasicMethod.Reject(u.tag(), false);
        } else {
            // released, modified, or settled without an outcome: back to the queue
            m = new BasicMethod.Reject(u.tag(), true);
        }
        session.connection().bridge().send(bridgeChannel, m);
        updatePrefetch();
    }

    /** The answer to a drain: credit 0, delivery-count advanced, drain set. */
    private void sendFlowDrained() {
        session.sendSessionFlow(new Flow(0, 0, 0, 0, attach.handle(), deliveryCount, 0, waiting.size(), true, false));
    }

    private void sendFlow() {
        session.sendSessionFlow(new Flow(0, 0, 0, 0, attach.handle(), deliveryCount, credit, waiting.size(), drain,
                false));
    }

    /**
     * Keeps the prefetch at unsettled + credit. When that is 0 the consumer is cancelled instead (a
     * prefetch of 0 means no limit in 0-9-1), so no message waits here for credit that may never
     * come while other consumers could have it; it is resumed with the next credit.
     */
    private void updatePrefetch() {
        long wanted = unsettledCount + credit;
        Bridge bridge = session.connection().bridge();
        if (wanted == 0 && named != null && named.autoDelete()) {
            // a shared non-durable subscription's queue is auto-delete: cancelling its last consumer
            // would delete it, so it keeps a prefetch of 1 (one message may wait here for credit)
            wanted = 1;
        }
        if (wanted == 0) {
            if (consuming) {
                consuming = false;
                bridge.send(bridgeChannel, new BasicMethod.Cancel(consumerTag(), false));
            }
            return;
        }
        int target = (int) Math.min(65535, wanted);
        // raised at once; lowered only below half, so a steady consumer (settle one, credit tops up
        // at half) does not cost a qos per message; the few beyond the credit wait here meanwhile
        if (target > prefetch || target < prefetch / 2) {
            prefetch = target;
            bridge.send(bridgeChannel, new BasicMethod.Qos(0, target, true));
        }
        if (!consuming && credit > 0) {
            consume(bridge);
        }
    }
}
