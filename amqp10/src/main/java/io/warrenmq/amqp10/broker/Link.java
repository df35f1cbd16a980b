package io.warrenmq.amqp10.broker;

import io.warrenmq.amqp10.codec.Flow;

/** A link attached on a session, and its 0-9-1 channel on the bridge. On the connection's loop. */
sealed interface Link permits IncomingLink, OutgoingLink, SubscriptionRemoval {
    long handle();

    /** A flow frame for this link from the peer. */
    void onFlow(Flow flow);

    /** The peer's detach has closed=true (called before {@link #detached()}). */
    default void peerClosed() {
    }

    /** The peer detached (or the session or connection is going): close the 0-9-1 channel. */
    void detached();
}
