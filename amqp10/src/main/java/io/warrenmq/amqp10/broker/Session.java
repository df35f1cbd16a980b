package io.warrenmq.amqp10.broker;

import io.netty.buffer.ByteBuf;
import io.warrenmq.amqp10.codec.Attach;
import io.warrenmq.amqp10.codec.Begin;
import io.warrenmq.amqp10.codec.DeliveryState;
import io.warrenmq.amqp10.codec.Detach;
import io.warrenmq.amqp10.codec.Disposition;
import io.warrenmq.amqp10.codec.End;
import io.warrenmq.amqp10.codec.ErrorCondition;
import io.warrenmq.amqp10.codec.Flow;
import io.warrenmq.amqp10.codec.Performative;
import io.warrenmq.amqp10.codec.Terminus;
import io.warrenmq.amqp10.codec.Transfer;
import io.warrenmq.amqp10.engine.EngineException;
import io.warrenmq.amqp10.engine.SessionEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One session: its state machine and links, the transfer-id counters and windows (spec 2.5.6),
 * and the broker's unsettled outgoing deliveries by delivery-id, which the peer's dispositions name.
 *
 * <p>Windows: ours is announced large ({@link #INCOMING_WINDOW}) and topped up when half is used;
 * the broker's own back-pressure is link credit, kept below what it has confirmed. The peer's
 * incoming window is respected: deliveries wait in their link when it is 0.
 *
 * <p>Thread-safety: confined to the connection's loop.
 */
final class Session {
    static final long INCOMING_WINDOW = 65536;
    private static final long HANDLE_MAX = 1023;

    private final Amqp10Connection connection;
    private final int channel;
    private final SessionEngine<Link> engine;
    /** The next transfer-id we expect, and how many more the peer may send. */
    private long nextIncomingId;
    private long incomingWindow = INCOMING_WINDOW;
    /**
     * "The next-outgoing-id MAY be initialized to an arbitrary value" (2.5.6): as RabbitMQ, just
     * below the wrap, so that serial-number arithmetic (ours and the client's) is exercised by the
     * first few transfers of every session instead of after four billion.
     */
    static final long INITIAL_OUTGOING_ID = 0xFFFF_FFFFL - 3;
    /** Our transfer-id counter. */
    private long nextOutgoingId = INITIAL_OUTGOING_ID;
    private long remoteIncomingWindow;
    /** Delivery-ids are per delivery, transfer-ids per frame: two counters. */
    private long nextDeliveryId = INITIAL_OUTGOING_ID;
    private final NavigableMap<Long, OutgoingLink.Unsettled> unsettled = new TreeMap<>();

    Session(Amqp10Connection connection, int channel, Begin begin) {
        this.connection = connection;
        this.channel = channel;
        this.engine = new SessionEngine<>(channel, begin, HANDLE_MAX);
        this.nextIncomingId = begin.nextOutgoingId();
        this.remoteIncomingWindow = begin.incomingWindow();
        connection.send(channel, new Begin(channel, nextOutgoingId, incomingWindow, Integer.MAX_VALUE, engine.handleMax()));
        engine.sentBegin();
    }

    Amqp10Connection connection() {
        return connection;
    }

    int channel() {
        return channel;
    }

    /** Handles one frame; returns true when the session is over (end exchanged). */
    boolean received(Performative p, ByteBuf payload) {
        if (!engine.received(p)) {
            return engine.state() == SessionEngine.State.UNMAPPED;
        }
        if (p instanceof End) {
            connectionGone();
            connection.send(channel, new End(null));
            engine.sentEnd();
            return true;
        } else if (p instanceof Attach a) {
            attach(a);
        } else if (p instanceof Flow f) {
            flow(f);
        } else if (p instanceof Transfer t) {
            transfer(t, payload);
        } else if (p instanceof Disposition d) {
            disposition(d);
        } else if (p instanceof Detach d) {
            Link l = engine.detached(d.handle());
            if (l instanceof SubscriptionRemoval r) {
                r.peerDetached(d.closed()); // answers once the subscription is gone
                return false;
            }
            if (d.closed()) {
                l.peerClosed();
            }
            l.detached();
            dropUnsettled(l);
            connection.send(channel, new Detach(d.handle(), true, null));
        }
        return false;
    }

    /** Ends the session with {@code error} (a session-scoped refusal). */
    void end(ErrorCondition error) {
        connectionGone();
        connection.send(channel, new End(error));
        engine.sentEnd();
    }

    /** The connection is going: release every link's 0-9-1 channel. */
    void connectionGone() {
        for (Link l : engine.links()) {
            l.detached();
        }
        unsettled.clear();
    }

    private void attach(Attach a) {
        if (a.rcvSettleMode() == Attach.RCV_SECOND && !a.receiver()) {
            refuseAttach(a, ErrorCondition.of(ErrorCondition.NOT_IMPLEMENTED, "rcv-settle-mode second is not supported"));
            return;
        }
        if (a.receiver()) {
            // the peer receives: the broker sends from a queue
            if (Terminus.read(a.source()) == null) {
                // a null-source lookup: qpid-jms's unsubscribe
                SubscriptionRemoval r = SubscriptionRemoval.lookUp(this, a);
                if (r != null) {
                    engine.attached(a.handle(), r);
                }
                return;
            }
            OutgoingLink link = new OutgoingLink(this, a);
            engine.attached(a.handle(), link);
            link.start();
        } else {
            if (Terminus.isCoordinator(a.target())) {
                refuseAttach(a, ErrorCondition.of(ErrorCondition.NOT_IMPLEMENTED, "transactions are not supported yet"));
                return;
            }
            IncomingLink link = new IncomingLink(this, a);
            engine.attached(a.handle(), link);
            link.start();
        }
    }

    /** Answers an attach with a null terminus, then detaches with {@code error}: the spec's way to refuse. */
    void refuseAttach(Attach a, ErrorCondition error) {
        connection.send(channel, new Attach(a.name(), a.handle(), !a.receiver(), a.sndSettleMode(), a.rcvSettleMode(),
                a.receiver() ? null : a.source(), a.receiver() ? a.target() : null, a.receiver() ? 0 : -1, 0,
                List.of(), List.of(), null));
        connection.send(channel, new Detach(a.handle(), true, error));
        engine.refusedAttach(a.handle());
        connection.flush();
    }

    /** A link ended on the broker's side (its channel was closed): detach it with {@code error}. */
    void linkFailed(Link link, ErrorCondition error) {
        if (engine.detachSent(link.handle()) != null) {
            link.detached();
            dropUnsettled(link);
            connection.send(channel, new Detach(link.handle(), true, error));
            connection.flush();
        }
    }

    /** Sends the detach that answers the peer's, for a link that answered later than at once. */
    void answerDetach(long handle, boolean closed, ErrorCondition error) {
        connection.send(channel, new Detach(handle, closed, error));
        connection.flush();
    }

    /** A refused link (already answered with attach and detach): forget it without a second detach. */
    void forget(Link link) {
        dropUnsettled(link);
    }

    private void dropUnsettled(Link l) {
        unsettled.values().removeIf(u -> u.link() == l);
    }

    private void flow(Flow f) {
        long nextIncoming = f.nextIncomingId() < 0 ? 0 : f.nextIncomingId();
        remoteIncomingWindow = f.incomingWindow() + io.warrenmq.amqp10.engine.Serial.diff(nextIncoming, nextOutgoingId);
        if (f.hasLink()) {
            engine.link(f.handle()).onFlow(f);
        } else if (f.echo()) {
            sendSessionFlow(null);
        }
        for (Link l : engine.links()) {
            if (l instanceof OutgoingLink o && o.handle() != f.handle()) {
                o.pump();
            }
        }
    }

    /** A session flow, or a link's when {@code link} is given (its fields filled in by the link). */
    void sendSessionFlow(Flow linkPart) {
        if (linkPart == null) {
            connection.send(channel, new Flow(nextIncomingId, incomingWindow, nextOutgoingId, Integer.MAX_VALUE, -1, -1,
                    -1, -1, false, false));
        } else {
            connection.send(channel, new Flow(nextIncomingId, incomingWindow, nextOutgoingId, Integer.MAX_VALUE,
                    linkPart.handle(), linkPart.deliveryCount(), linkPart.linkCredit(), linkPart.available(),
                    linkPart.drain(), false));
        }
    }

    private void transfer(Transfer t, ByteBuf payload) {
        if (incomingWindow <= 0) {
            throw EngineException.session(ErrorCondition.WINDOW_VIOLATION, "transfer beyond the incoming window");
        }
        nextIncomingId = io.warrenmq.amqp10.engine.Serial.add(nextIncomingId, 1);
        incomingWindow--;
        Link l = engine.link(t.handle());
        if (!(l instanceof IncomingLink in)) {
            throw EngineException.session(ErrorCondition.NOT_ALLOWED, "transfer on a link the broker sends on");
        }
        in.transfer(t, payload);
        if (incomingWindow < INCOMING_WINDOW / 2) {
            incomingWindow = INCOMING_WINDOW;
            sendSessionFlow(null);
        }
    }

    private void disposition(Disposition d) {
        if (!d.receiver()) {
            return; // the peer settling its own transfers: the broker settles those itself
        }
        // delivery-ids wrap: a range from 2^32 - 2 to 1 is the map's tail and head
        List<OutgoingLink.Unsettled> settled = d.first() <= d.last()
                ? new ArrayList<>(unsettled.subMap(d.first(), true, d.last(), true).values())
                : new ArrayList<>(unsettled.tailMap(d.first(), true).values());
        if (d.first() > d.last()) {
            settled.addAll(unsettled.headMap(d.last(), true).values());
        }
        for (OutgoingLink.Unsettled u : settled) {
            unsettled.remove(u.deliveryId());
            u.link().settle(u, d.state());
        }
    }

    /** Whether the peer's incoming window lets another transfer frame go. */
    boolean canSend() {
        return remoteIncomingWindow > 0;
    }

    /** Sends one delivery: returns its delivery-id; remembers it for dispositions unless settled. */
    long sendDelivery(long handle, byte[] tag, boolean settled, ByteBuf message,
            java.util.function.LongFunction<OutgoingLink.Unsettled> track) {
        long id = nextDeliveryId;
        nextDeliveryId = io.warrenmq.amqp10.engine.Serial.add(id, 1);
        int frames = connection.sendTransfer(channel, new Transfer(handle, id,
                new io.warrenmq.amqp10.codec.Types.Binary(tag), 0, settled, false, null, false), message);
        nextOutgoingId = io.warrenmq.amqp10.engine.Serial.add(nextOutgoingId, frames);
        remoteIncomingWindow -= frames;
        if (!settled) {
            unsettled.put(id, track.apply(id));
        }
        return id;
    }

    /** Settles the peer's deliveries {@code first..last} on our side, with {@code state}. */
    void settleIncoming(long first, long last, DeliveryState state) {
        connection.send(channel, new Disposition(true, first, last, true, state));
    }
}
