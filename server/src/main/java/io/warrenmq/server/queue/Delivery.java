package io.warrenmq.server.queue;

import io.warrenmq.store.QueueEntry;

/** A message on its way from a queue's loop to the consumer's connection loop. */
public record Delivery(Consumer consumer, QueueEntry entry) {
}
