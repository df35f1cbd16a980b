package io.warrenmq.store;

/**
 * A queue that holds stored messages, whether or not the definitions know it (after damaged
 * definitions, these are the queues whose messages were kept but could not be attached).
 *
 * @param messages live messages stored for the queue
 */
public record StoredQueue(String vhost, String queue, int messages) {
}
