package io.warrenmq.amqp10.engine;

import io.warrenmq.amqp10.codec.Attach;
import io.warrenmq.amqp10.codec.Begin;
import io.warrenmq.amqp10.codec.Detach;
import io.warrenmq.amqp10.codec.End;
import io.warrenmq.amqp10.codec.ErrorCondition;
import io.warrenmq.amqp10.codec.Flow;
import io.warrenmq.amqp10.codec.Performative;
import io.warrenmq.amqp10.codec.Transfer;
import java.util.HashMap;
import java.util.Map;

/**
 * One session's state machine (spec transport.xml 2.5.5) and its handle table (2.6.2), server side:
 * the peer's begin maps it (MAPPED once ours is sent), end unmaps it. Refusals follow the spec's
 * conditions: a handle attached twice is {@code handle-in-use}, a frame on an unknown handle
 * {@code unattached-handle}, a handle above handle-max {@code not-allowed}.
 *
 * <p>Thread-safety: confined to the connection's loop.
 *
 * @param <L> what the broker side keeps per attached link
 */
public final class SessionEngine<L> {
    public enum State { BEGIN_RCVD, MAPPED, END_SENT, END_RCVD, UNMAPPED }

    private final int channel;
    private final long handleMax;
    private State state = State.BEGIN_RCVD;
    private final Map<Long, L> links = new HashMap<>();
    /** Handles we detached first: the peer's frames on them are dropped until its detach comes back. */
    private final java.util.Set<Long> detachSent = new java.util.HashSet<>();

    public SessionEngine(int channel, Begin begin, long handleMax) {
        if (begin.remoteChannel() >= 0) {
            throw EngineException.connection(ErrorCondition.NOT_ALLOWED,
                    "begin with a remote-channel answers a session the broker never began");
        }
        this.channel = channel;
        this.handleMax = Math.min(handleMax, begin.handleMax());
    }

    public int channel() {
        return channel;
    }

    public State state() {
        return state;
    }

    public long handleMax() {
        return handleMax;
    }

    public void sentBegin() {
        state = State.MAPPED;
    }

    /** Checks a frame for this session; returns false when it is to be ignored (we sent end). */
    public boolean received(Performative p) {
        if (state == State.END_SENT) {
            if (p instanceof End) {
                state = State.UNMAPPED;
            }
            return false;
        }
        if (state != State.MAPPED) {
            throw EngineException.connection(ErrorCondition.NOT_ALLOWED, "session on channel " + channel + " is " + state);
        }
        if (p instanceof Begin) {
            throw EngineException.connection(ErrorCondition.NOT_ALLOWED, "channel " + channel + " already has a session");
        }
        Long closing = p instanceof Transfer t ? (Long) t.handle() : p instanceof Detach d ? (Long) d.handle()
                : p instanceof Flow f && f.hasLink() ? (Long) f.handle() : null;
        if (closing != null && detachSent.contains(closing)) {
            if (p instanceof Detach) {
                detachSent.remove(closing); // the answer to ours: the handle is free again
            }
            return false;
        }
        if (p instanceof End) {
            state = State.END_RCVD;
        } else if (p instanceof Attach a) {
            if (a.handle() > handleMax) {
                throw EngineException.connection(ErrorCondition.NOT_ALLOWED,
                        "handle " + a.handle() + " exceeds handle-max " + handleMax);
            }
            if (links.containsKey(a.handle()) || detachSent.contains(a.handle())) {
                throw EngineException.session(ErrorCondition.HANDLE_IN_USE, "handle " + a.handle() + " is in use");
            }
        } else if (p instanceof Transfer t) {
            link(t.handle());
        } else if (p instanceof Detach d) {
            link(d.handle());
        } else if (p instanceof Flow f && f.hasLink()) {
            link(f.handle());
        }
        return true;
    }

    public void attached(long handle, L link) {
        links.put(handle, link);
    }

    /** The link on {@code handle}; unattached-handle (ending the session) when there is none. */
    public L link(long handle) {
        L l = links.get(handle);
        if (l == null) {
            throw EngineException.session(ErrorCondition.UNATTACHED_HANDLE, "handle " + handle + " is not attached");
        }
        return l;
    }

    /** The peer detached {@code handle} (and we answer). */
    public L detached(long handle) {
        return links.remove(handle);
    }

    /** We refused an attach on {@code handle} (answered it, then detached): await the peer's detach. */
    public void refusedAttach(long handle) {
        links.remove(handle);
        detachSent.add(handle);
    }

    /** We detached {@code handle} first; returns its link, or null if it was not attached. */
    public L detachSent(long handle) {
        L l = links.remove(handle);
        if (l != null) {
            detachSent.add(handle);
        }
        return l;
    }

    public Iterable<L> links() {
        return links.values();
    }

    public void sentEnd() {
        state = state == State.END_RCVD ? State.UNMAPPED : State.END_SENT;
    }
}
