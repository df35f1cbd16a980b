package io.warrenmq.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The default lifecycle: one broker for the class, in memory, on loopback, without management. */
@WarrenTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerClassLifecycleTest {
    private static WarrenBroker fromBeforeAll;
    private static WarrenBroker fromFirstTest;

    @BeforeAll
    static void before(WarrenBroker broker) {
        fromBeforeAll = broker;
    }

    @Test
    @Order(1)
    void theFirstTestGetsTheBrokerBeforeAllGot(WarrenBroker broker) {
        fromFirstTest = broker;
        assertSame(fromBeforeAll, broker);
        assertTrue(Scenarios.listening(broker.port()), "nothing listens on " + broker.port());
    }

    @Test
    @Order(2)
    void theSecondTestGetsTheSameBroker(WarrenBroker broker) {
        assertSame(fromFirstTest, broker);
    }

    @Test
    void theBrokerIsInMemoryOnLoopbackWithManagementOff(WarrenBroker broker) {
        assertEquals("127.0.0.1", broker.server().config().host());
        assertNull(broker.server().config().dataDir(), "data directory");
        assertNull(broker.server().recoveryReport(), "an in-memory broker recovers nothing");
        assertFalse(broker.managementEnabled());
        assertEquals(-1, broker.server().managementPort());
        assertEquals(-1, broker.server().prometheusPort());
        assertThrows(IllegalStateException.class, broker::managementUri);
    }

    @Nested
    class Inner {
        @Test
        void aNestedClassSharesItsOuterClasssBroker(WarrenBroker broker) {
            assertSame(fromBeforeAll, broker);
        }
    }
}
