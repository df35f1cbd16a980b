package io.warrenmq.testkit;

import com.rabbitmq.client.ConnectionFactory;
import io.warrenmq.server.clock.BrokerClock;
import io.warrenmq.server.clock.VirtualClock;

/**
 * What the testkit does differently when a broker runs on a virtual clock.
 *
 * <p>Heartbeats: a client sends its heartbeats in real time, so in a test that advances the clock
 * by more than two heartbeat intervals every connection with heartbeats looks silent to the broker
 * and is closed, as RabbitMQ closes a client that missed its heartbeats. So the testkit's own
 * connections (its factories, injected connections and channels, awaitMessages) ask for none, and the
 * broker offers none (heartbeat 0 in connection.tune): a connection gets heartbeats only if its
 * client asks for them ({@code ConnectionFactory.setRequestedHeartbeat}), as a heartbeat test does.
 *
 * <p>Thread-safety: stateless.
 */
final class VirtualTime {
    /** Requested heartbeat of the testkit's connections on a virtual clock: none. */
    static final int NO_HEARTBEAT = 0;

    private VirtualTime() {
    }

    static BrokerClock clockFor(WarrenSettings settings) {
        return settings.virtualClock() ? new VirtualClock() : BrokerClock.SYSTEM;
    }

    /** A factory the testkit hands out or uses itself, for a broker on {@code clock}. */
    static void configure(ConnectionFactory factory, BrokerClock clock) {
        if (clock instanceof VirtualClock) {
            factory.setRequestedHeartbeat(NO_HEARTBEAT);
        }
    }
}
