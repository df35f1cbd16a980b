package io.warrenmq.server.queue;

import io.warrenmq.codec.types.BasicProperties;

/**
 * Which messages a consumer takes (a JMS selector on a queue, set by the AMQP 1.0 bridge): the
 * queue skips the others for this consumer and keeps them for the rest. Called on the queue's
 * loop with a message's properties; must be thread-safe and must not block.
 */
@FunctionalInterface
public interface ConsumerFilter {
    boolean accepts(BasicProperties properties);
}
