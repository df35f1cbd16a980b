package io.warrenmq.server.queue;

import io.warrenmq.store.QueueEntry;

/** A publish from a channel in confirm mode: the queue reports back once it has taken the entry. */
public record ConfirmedEntry(QueueEntry entry, ConfirmListener listener, long sequence) {
}
