package io.warrenmq.server.queue;

import io.warrenmq.server.Mailbox;

/** A publishing channel in confirm mode, told when a queue (or the store) has taken its messages. */
public interface ConfirmListener {
    /** The publisher's connection mailbox: {@link #taken} is called from a task posted there. */
    Mailbox mailbox();

    /** On the publisher's loop: the first {@code count} sequence numbers were taken. */
    void taken(long[] sequences, int count);
}
