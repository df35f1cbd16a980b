package io.warrenmq.amqp10.broker;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warrenmq.amqp10.codec.Attach;
import io.warrenmq.amqp10.codec.DecodeException;
import io.warrenmq.amqp10.codec.DeliveryState;
import io.warrenmq.amqp10.codec.ErrorCondition;
import io.warrenmq.amqp10.codec.Flow;
import io.warrenmq.amqp10.codec.Terminus;
import io.warrenmq.amqp10.codec.Transfer;
import io.warrenmq.codec.method.BasicMethod;
import io.warrenmq.codec.method.ConfirmMethod;
import io.warrenmq.codec.method.ExchangeMethod;
import io.warrenmq.codec.method.Method;
import io.warrenmq.codec.method.QueueMethod;
import io.warrenmq.codec.types.BasicProperties;
import io.warrenmq.codec.types.FieldTable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A link on which the peer sends and the broker receives: its target (a v2 address) checked with a
 * passive declare on its own 0-9-1 channel in confirm mode; each message published there; an
 * unsettled transfer settled {@code accepted} when the broker confirms it ({@code rejected} on a
 * nack). Credit is kept at {@link Amqp10Options#linkCredit()} minus what the broker has not yet
 * confirmed, so a queue applying flow control (confirms slowing down) slows the sender too.
 *
 * <p>Thread-safety: confined to the connection's loop.
 */
final class IncomingLink implements Link, Bridge.ChannelListener {
    private enum State { ATTACHING, ATTACHED, DETACHED }

    private final Session session;
    private final Attach attach;
    private State state = State.ATTACHING;
    private int bridgeChannel;
    private String exchange;
    private String routingKey;
    /** An anonymous-relay link (null target address): each message's {@code to} says where it goes. */
    private boolean relay;
    /** A dynamic target's server-named queue, deleted when the link closes; null otherwise. */
    private String temporaryQueue;
    /** The sender's delivery-count as we have seen it, and the credit we gave. */
    private long deliveryCount;
    private long credit;
    /** Published, not yet confirmed: confirm sequence number → delivery-id (-1: presettled). */
    private final Deque<long[]> unconfirmed = new ArrayDeque<>();
    private long publishSeq;
    /** The delivery being assembled from transfers with {@code more}. */
    private ByteBuf partial;
    private long partialId = -1;
    private boolean partialSettled;

    IncomingLink(Session session, Attach attach) {
        this.session = session;
        this.attach = attach;
        this.deliveryCount = attach.initialDeliveryCount() < 0 ? 0 : attach.initialDeliveryCount();
    }

    @Override
    public long handle() {
        return attach.handle();
    }

    void start() {
        Terminus target = Terminus.read(attach.target());
        Addresses.Address address = null;
        try {
            if (target == null) {
                throw new IllegalArgumentException("an attach to send needs a target");
            }
            if (!target.dynamic() && target.address() != null) {
                address = Addresses.parse(target.address());
            }
        } catch (IllegalArgumentException e) {
            session.refuseAttach(attach, ErrorCondition.of(ErrorCondition.INVALID_FIELD, e.getMessage()));
            session.forget(this);
            return;
        }
        Bridge bridge = session.connection().bridge();
        bridgeChannel = bridge.openChannel(this);
        if (target.dynamic()) {
            // a temporary queue (qpid-jms's createTemporaryQueue): exclusive to this connection, as RabbitMQ
            exchange = "";
            bridge.send(bridgeChannel, new QueueMethod.Declare("", false, false, true, false, false, FieldTable.EMPTY));
        } else if (address == null) {
            relay = true;
            state = State.ATTACHED;
            bridge.send(bridgeChannel, new ConfirmMethod.Select(false));
            answerAttach(attach.target());
            return;
        } else if (address instanceof Addresses.QueueAddress q) {
            exchange = "";
            routingKey = q.queue();
            bridge.send(bridgeChannel, new QueueMethod.Declare(q.queue(), true, false, false, false, false, FieldTable.EMPTY));
        } else {
            Addresses.ExchangeAddress x = (Addresses.ExchangeAddress) address;
            exchange = x.exchange();
            routingKey = x.routingKey();
            bridge.send(bridgeChannel, new ExchangeMethod.Declare(x.exchange(), "direct", true, false, false, false,
                    false, FieldTable.EMPTY));
        }
        bridge.send(bridgeChannel, new ConfirmMethod.Select(false));
    }

    @Override
    public void method(Method m) {
        if (state == State.ATTACHING && (m instanceof QueueMethod.DeclareOk || m instanceof ExchangeMethod.DeclareOk)) {
            state = State.ATTACHED;
            Object target = attach.target();
            if (m instanceof QueueMethod.DeclareOk d && Terminus.read(target).dynamic()) {
                temporaryQueue = d.queue();
                routingKey = d.queue();
                target = Terminus.withAddress(target, MessageMapping.toAddress(d.queue()));
            }
            answerAttach(target);
        } else if (m instanceof BasicMethod.Ack a) {
            confirmed(a.deliveryTag(), a.multiple(), new DeliveryState.Accepted());
        } else if (m instanceof BasicMethod.Nack n) {
            confirmed(n.deliveryTag(), n.multiple(), new DeliveryState.Rejected(
                    ErrorCondition.of(ErrorCondition.INTERNAL_ERROR, "the broker could not take the message")));
        }
    }

    private void answerAttach(Object target) {
        Amqp10Connection c = session.connection();
        c.send(session.channel(), new Attach(attach.name(), attach.handle(), true, attach.sndSettleMode(),
                Attach.RCV_FIRST, attach.source(), target, -1, c.host().maxMessageSize(), List.of(), List.of(), null));
        replenish(true);
        c.flush();
    }

    @Override
    public void content(Method m, BasicProperties properties, byte[] body) {
        // a sending link's channel consumes nothing
    }

    @Override
    public void closed(int replyCode, String replyText) {
        releasePartial();
        if (state == State.ATTACHING) {
            state = State.DETACHED;
            session.refuseAttach(attach, Conditions.of(replyCode, replyText));
            session.forget(this);
        } else if (state == State.ATTACHED) {
            state = State.DETACHED;
            session.linkFailed(this, Conditions.of(replyCode, replyText));
        }
    }

    @Override
    public void onFlow(Flow flow) {
        if (flow.echo()) {
            sendFlow();
        }
    }

    @Override
    public void detached() {
        releasePartial();
        if (state != State.DETACHED) {
            state = State.DETACHED;
            if (temporaryQueue != null) {
                // lifetime-policy delete-on-close: the creator link closing ends the queue
                session.connection().bridge().send(bridgeChannel,
                        new QueueMethod.Delete(temporaryQueue, false, false, true));
            }
            session.connection().bridge().closeChannel(bridgeChannel);
        }
    }

    void transfer(Transfer t, ByteBuf payload) {
        if (state != State.ATTACHED) {
            return; // refused or detaching: the transfer is dropped with the link
        }
        if (partialId < 0) {
            if (t.deliveryId() < 0) {
                throw new DecodeException("the first transfer of a delivery must carry its delivery-id");
            }
            if (credit <= 0) {
                session.linkFailed(this, ErrorCondition.of(ErrorCondition.TRANSFER_LIMIT_EXCEEDED, "transfer without credit"));
                return;
            }
            partialId = t.deliveryId();
            partialSettled = Boolean.TRUE.equals(t.settled()) || attach.sndSettleMode() == Attach.SND_SETTLED;
            partial = Unpooled.buffer(payload == null ? 0 : payload.readableBytes());
        }
        if (t.aborted()) {
            releasePartial();
            return;
        }
        int n = payload == null ? 0 : payload.readableBytes();
        long max = session.connection().host().maxMessageSize();
        if (partial.readableBytes() + (long) n > max) {
            releasePartial();
            session.linkFailed(this, ErrorCondition.of(ErrorCondition.MESSAGE_SIZE_EXCEEDED,
                    "message larger than max_message_size " + max));
            return;
        }
        if (n > 0) {
            partial.writeBytes(payload);
        }
        if (!t.more()) {
            complete();
        }
    }

    private void complete() {
        ByteBuf message = partial;
        long id = partialId;
        boolean settled = partialSettled;
        partial = null;
        partialId = -1;
        try {
            Published p = MessageMapping.toPublished(message);
            String toExchange = exchange;
            String toKey = routingKey;
            if (relay) {
                Addresses.Address a = Addresses.parse(p.to());
                if (a instanceof Addresses.QueueAddress q) {
                    toExchange = "";
                    toKey = q.queue();
                } else {
                    toExchange = ((Addresses.ExchangeAddress) a).exchange();
                    toKey = ((Addresses.ExchangeAddress) a).routingKey();
                }
            }
            BasicProperties properties = toExchange.isEmpty() ? p.properties()
                    : session.connection().origins().stamp(p.properties(), session.connection().origin());
            session.connection().bridge().publish(bridgeChannel, toExchange, toKey, properties, p.body());
        } catch (DecodeException | IllegalArgumentException e) {
            if (!settled) {
                session.settleIncoming(id, id, new DeliveryState.Rejected(ErrorCondition.of(
                        e instanceof DecodeException ? ErrorCondition.DECODE_ERROR : ErrorCondition.INVALID_FIELD,
                        e.getMessage())));
            }
            countDelivery();
            return;
        } finally {
            message.release();
        }
        unconfirmed.add(new long[] {++publishSeq, settled ? -1 : id});
        countDelivery();
    }

    private void countDelivery() {
        deliveryCount = io.warrenmq.amqp10.engine.Serial.add(deliveryCount, 1);
        credit--;
        replenish(false);
    }

    /** Tops credit up to the window less the unconfirmed; when it fell below half, or at attach. */
    private void replenish(boolean always) {
        long window = session.connection().options().linkCredit();
        long target = window - unconfirmed.size();
        if (target > credit && (always || credit < window / 2)) {
            credit = target;
            sendFlow();
        }
    }

    private void sendFlow() {
        session.sendSessionFlow(new Flow(0, 0, 0, 0, attach.handle(), deliveryCount, Math.max(credit, 0), -1, false, false));
    }

    private void confirmed(long tag, boolean multiple, DeliveryState outcome) {
        if (!multiple) {
            for (java.util.Iterator<long[]> it = unconfirmed.iterator(); it.hasNext();) {
                long[] e = it.next();
                if (e[0] == tag) {
                    it.remove();
                    if (e[1] >= 0) {
                        session.settleIncoming(e[1], e[1], outcome);
                    }
                    break;
                }
            }
            replenish(false);
            return;
        }
        long runFirst = -1;
        long runLast = -1;
        while (!unconfirmed.isEmpty() && unconfirmed.peekFirst()[0] <= tag) {
            long[] e = unconfirmed.pollFirst();
            long id = e[1];
            if (id < 0) {
                continue;
            }
            if (runFirst >= 0 && id == runLast + 1) {
                runLast = id;
            } else {
                if (runFirst >= 0) {
                    session.settleIncoming(runFirst, runLast, outcome);
                }
                runFirst = id;
                runLast = id;
            }
        }
        if (runFirst >= 0) {
            session.settleIncoming(runFirst, runLast, outcome);
        }
        replenish(false);
    }

    private void releasePartial() {
        if (partial != null) {
            partial.release();
            partial = null;
        }
        partialId = -1;
    }
}
