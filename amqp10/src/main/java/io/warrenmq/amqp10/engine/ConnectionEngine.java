package io.warrenmq.amqp10.engine;

import io.warrenmq.amqp10.codec.Close;
import io.warrenmq.amqp10.codec.ErrorCondition;
import io.warrenmq.amqp10.codec.Open;
import io.warrenmq.amqp10.codec.Performative;

/**
 * The connection state machine of spec transport.xml 2.4.6, for the server side after the
 * protocol header was exchanged: HDR_EXCH → OPEN_RCVD (the peer's open, ours not yet sent) →
 * OPENED → CLOSE_RCVD or CLOSE_SENT → END. Only open may come first; nothing but close after a
 * close was sent (the rest is discarded, as the spec's DISCARDING state); a frame on a closed
 * connection is refused.
 *
 * <p>Thread-safety: confined to the connection's loop.
 */
public final class ConnectionEngine {
    public enum State { HDR_EXCH, OPEN_RCVD, OPENED, CLOSE_SENT, CLOSE_RCVD, END }

    private State state = State.HDR_EXCH;

    public State state() {
        return state;
    }

    /**
     * Checks a received frame against the state; returns false when it is to be discarded (we sent
     * close and wait for the peer's). Open and close move the state.
     */
    public boolean received(Performative p) {
        switch (state) {
            case HDR_EXCH:
                if (!(p instanceof Open)) {
                    throw EngineException.connection(ErrorCondition.NOT_ALLOWED,
                            "the first frame must be open, not " + p.getClass().getSimpleName().toLowerCase());
                }
                state = State.OPEN_RCVD;
                return true;
            case OPEN_RCVD:
            case OPENED:
                if (p instanceof Open) {
                    throw EngineException.connection(ErrorCondition.NOT_ALLOWED, "open was already received");
                }
                if (p instanceof Close) {
                    state = State.CLOSE_RCVD;
                }
                return true;
            case CLOSE_SENT:
                if (p instanceof Close) {
                    state = State.END;
                }
                return false;
            default:
                throw EngineException.connection(ErrorCondition.NOT_ALLOWED, "frame after close");
        }
    }

    /** Our open went out. */
    public void sentOpen() {
        if (state != State.OPEN_RCVD) {
            throw new IllegalStateException("open in state " + state);
        }
        state = State.OPENED;
    }

    /** Our close went out: END if the peer's was in, else wait for it. */
    public void sentClose() {
        state = state == State.CLOSE_RCVD ? State.END : State.CLOSE_SENT;
    }

    public boolean isOpen() {
        return state == State.OPENED;
    }

    /** Whether sessions may be used: open exchanged, no close either way. */
    public void requireOpened() {
        if (state != State.OPENED) {
            throw EngineException.connection(ErrorCondition.NOT_ALLOWED, "connection not open (" + state + ")");
        }
    }
}
