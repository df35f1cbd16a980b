package io.warrenmq.server.management;

import io.warrenmq.management.backend.ActivityBackend;
import io.warrenmq.server.Broker;

/**
 * The management API's {@link ActivityBackend} over the running broker.
 *
 * <p>Thread-safety: called on the management event loop; reads snapshots, and posts changes to
 * the owning loops.
 */
final class ActivityAdapter implements ActivityBackend {
    private final Broker broker;

    ActivityAdapter(Broker broker) {
        this.broker = broker;
    }
}
