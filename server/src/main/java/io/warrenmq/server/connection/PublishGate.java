package io.warrenmq.server.connection;

import io.warrenmq.codec.BodyFrame;
import io.warrenmq.codec.Frame;
import io.warrenmq.codec.HeaderFrame;
import io.warrenmq.codec.method.ConnectionMethod;
import io.warrenmq.server.alarm.Resource;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One connection's publish throttle under resource alarms, modelled on RabbitMQ's reader
 * (rabbit_reader: {@code control_throttle}, {@code publish_received}, {@code maybe_block}):
 *
 * <pre>
 *   RUNNING  --an alarm goes on----------------> BLOCKING  (nothing visible: it may only be consuming)
 *   BLOCKING --a content frame (it publishes)---> BLOCKED   (socket no longer read; connection.blocked)
 *   RUNNING  --a content frame, an alarm on-----> BLOCKED
 *   BLOCKING --every alarm off------------------> RUNNING
 *   BLOCKED  --every alarm off------------------> RUNNING   (connection.unblocked; held frames, then the socket)
 *   BLOCKED  --another alarm on, or one of two off--> BLOCKED (no second connection.blocked)
 * </pre>
 *
 * The frame that makes a connection BLOCKED is handled; frames decoded after it from bytes already read are
 * held here, in order, and handled when it is unblocked, exactly as if the socket had not been read yet.
 * {@code connection.blocked} (reason "low on memory", "low on disk", or "low on memory &amp; disk") and
 * {@code connection.unblocked} go only to clients whose {@code capabilities} say {@code connection.blocked =
 * true}; the others are blocked silently.
 *
 * <p>Thread-safety: confined to the connection's event loop.
 */
public final class PublishGate {
    public enum State { RUNNING, BLOCKING, BLOCKED }

    /** What blocking does to the connection; {@link ConnectionHandler} implements it over its socket. */
    public interface Valve {
        /** Stop reading the socket. */
        void stopReading();

        /** Handle the held frames ({@link #nextHeld()}), then read the socket again. */
        void resumeReading();

        /** Send a method on channel 0. */
        void send(ConnectionMethod method);
    }

    private final Valve valve;
    private final boolean notifyClient;
    private final ArrayDeque<Frame> held = new ArrayDeque<>();
    private State state = State.RUNNING;
    private boolean blockedSent;

    /** @param notifyClient whether the client's capabilities include {@code connection.blocked = true} */
    public PublishGate(Valve valve, boolean notifyClient) {
        this.valve = valve;
        this.notifyClient = notifyClient;
    }

    public State state() {
        return state;
    }

    public boolean blocked() {
        return state == State.BLOCKED;
    }

    /** The set of active alarms changed; {@code active} is the set now. */
    public void alarmsChanged(Set<Resource> active) {
        if (!active.isEmpty()) {
            if (state == State.RUNNING) {
                state = State.BLOCKING;
            }
        } else if (state == State.BLOCKED) {
            unblock();
        } else {
            state = State.RUNNING;
        }
    }

    /**
     * A content frame (header or body: only publishes carry content) was just handled. {@code active} is read
     * at this moment rather than taken from the last {@link #alarmsChanged} because the notification may
     * still be on its way: an alarm that is on when a publish arrives blocks it.
     */
    public void published(Set<Resource> active) {
        if (active.isEmpty()) {
            if (state == State.BLOCKING) {
                state = State.RUNNING; // the "cleared" notification is still on its way
            }
        } else if (state != State.BLOCKED) {
            block(active);
        }
    }

    // ---- Frames read past the block point --------------------------------------------------

    /** Whether an arriving frame must be held: the connection is blocked, or held frames are still ahead of it. */
    public boolean holding() {
        return state == State.BLOCKED || !held.isEmpty();
    }

    public void hold(Frame frame) {
        held.add(frame);
    }

    /** The next held frame to handle, or null when there is none or the connection is blocked (again). */
    public Frame nextHeld() {
        return state == State.BLOCKED ? null : held.poll();
    }

    /** The connection is going away: releases the buffers of every held frame. */
    public void discardHeld() {
        for (Frame f; (f = held.poll()) != null; ) {
            if (f instanceof HeaderFrame h) {
                h.release();
            } else if (f instanceof BodyFrame b) {
                b.release();
            }
        }
    }

    /** RabbitMQ's reason text: "low on " and the resources joined with " & ". */
    static String reason(Set<Resource> active) {
        return active.stream().sorted().map(Resource::text).collect(Collectors.joining(" & ", "low on ", ""));
    }

    private void block(Set<Resource> active) {
        state = State.BLOCKED;
        valve.stopReading();
        if (notifyClient) {
            valve.send(new ConnectionMethod.Blocked(reason(active)));
            blockedSent = true;
        }
    }

    private void unblock() {
        state = State.RUNNING;
        if (blockedSent) {
            blockedSent = false;
            valve.send(ConnectionMethod.Unblocked.INSTANCE);
        }
        valve.resumeReading();
    }
}
