package io.warrenmq.testkit.assertj;

import io.warrenmq.testkit.WarrenBroker;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one queue of a running broker, read at the moment of each check (no waiting: use
 * {@code awaitQueueDepth} and {@code awaitConsumers} for what is still on its way). A failure says
 * what the queue has, and, with the journal on, what it received and delivered.
 */
public final class QueueAssert extends AbstractAssert<QueueAssert, String> {
    private final WarrenBroker broker;
    private final String vhost;

    QueueAssert(WarrenBroker broker, String vhost, String queue) {
        super(queue, QueueAssert.class);
        this.broker = broker;
        this.vhost = vhost;
    }

    private String where() {
        return "queue '" + actual + "' in vhost '" + vhost + "'";
    }

    private void fail(String expectation, String was) {
        StringBuilder s = new StringBuilder("expected ").append(where()).append(' ').append(expectation)
                .append(", but ").append(was);
        try {
            s.append(broker.journal().describeQueue(vhost, actual));
        } catch (IllegalStateException journalOff) {
            s.append(" (the journal is off: nothing more to say about what it received)");
        }
        failWithMessage("%s", s.toString());
    }

    public QueueAssert exists() {
        if (broker.queueDepth(vhost, actual) < 0) {
            fail("to exist", "there is no such queue");
        }
        return this;
    }

    public QueueAssert doesNotExist() {
        int depth = broker.queueDepth(vhost, actual);
        if (depth >= 0) {
            fail("not to exist", "it does, with " + depth + " ready messages and "
                    + broker.consumerCount(vhost, actual) + " consumers");
        }
        return this;
    }

    /** Exactly this many ready messages (delivered, unacknowledged ones not counted). */
    public QueueAssert hasDepth(int ready) {
        if (ready < 0) {
            throw new IllegalArgumentException("a depth is not negative: " + ready + " (doesNotExist() for a missing queue)");
        }
        int depth = broker.queueDepth(vhost, actual);
        if (depth != ready) {
            fail("to have " + ready + " ready messages", depth < 0 ? "there is no such queue" : "it has " + depth);
        }
        return this;
    }

    public QueueAssert isEmpty() {
        return hasDepth(0);
    }

    public QueueAssert hasConsumers(int consumers) {
        if (consumers < 0) {
            throw new IllegalArgumentException("a consumer count is not negative: " + consumers);
        }
        int now = broker.consumerCount(vhost, actual);
        if (now != consumers) {
            fail("to have " + consumers + " consumers", now < 0 ? "there is no such queue" : "it has " + now);
        }
        return this;
    }

    /** The journal saw it receive exactly this many messages since the last reset (dead-lettered ones included). */
    public QueueAssert hasReceived(int messages) {
        int received = broker.journal().received(vhost, actual).size();
        if (received != messages) {
            fail("to have received " + messages + " messages", "it received " + received);
        }
        return this;
    }
}
