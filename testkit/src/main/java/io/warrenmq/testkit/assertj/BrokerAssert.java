package io.warrenmq.testkit.assertj;

import io.warrenmq.testkit.WarrenBroker;
import org.assertj.core.api.AbstractObjectAssert;

/** Assertions on a running {@link WarrenBroker}; {@link #queue} narrows them to one queue. */
public final class BrokerAssert extends AbstractObjectAssert<BrokerAssert, WarrenBroker> {
    BrokerAssert(WarrenBroker actual) {
        super(actual, BrokerAssert.class);
    }

    /** A queue of the default vhost. */
    public QueueAssert queue(String queue) {
        isNotNull();
        return new QueueAssert(actual, actual.server().config().defaultVhost(), queue);
    }

    public QueueAssert queue(String vhost, String queue) {
        isNotNull();
        return new QueueAssert(actual, vhost, queue);
    }
}
