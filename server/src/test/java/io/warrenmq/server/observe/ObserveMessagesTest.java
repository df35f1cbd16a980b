package io.warrenmq.server.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.warrenmq.server.Broker;
import io.warrenmq.server.BrokerConfig;
import org.junit.jupiter.api.Test;

/** Registering a message observer: before start only, and handed to the vhost registry. */
class ObserveMessagesTest {
    private static BrokerConfig inMemory() {
        return BrokerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(null).withIoThreads(1);
    }

    @Test
    void aBrokerObservesNothingByDefault() {
        try (Broker broker = new Broker(inMemory()).start()) {
            assertSame(MessageObserver.NONE, broker.vhosts().observer());
            assertSame(MessageObserver.NONE, broker.vhosts().get("/").observer());
        }
    }

    @Test
    void theObserverRegisteredBeforeStartReachesTheVhosts() {
        MessageObserver observer = new MessageObserver() { };
        try (Broker broker = new Broker(inMemory()).observeMessages(observer).start()) {
            assertSame(observer, broker.vhosts().get("/").observer());
        }
    }

    @Test
    void registeringAfterStartIsRefused() {
        try (Broker broker = new Broker(inMemory()).start()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> broker.observeMessages(new MessageObserver() { }));
            assertEquals("observeMessages must be called before start()", e.getMessage());
        }
    }
}
