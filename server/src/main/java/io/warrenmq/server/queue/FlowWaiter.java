package io.warrenmq.server.queue;

/**
 * A publishing connection held back by a congested queue (see {@link QueueFlow}).
 *
 * <p>Thread-safety: {@link #decongested} is called from the queue's loop (or from the waiter's
 * own, when it registered too late); implementations hand it over to their own loop. It may be
 * called more than once per registration.
 */
public interface FlowWaiter {
    void decongested(Queue queue);
}
