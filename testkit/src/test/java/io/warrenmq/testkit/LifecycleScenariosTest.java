package io.warrenmq.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * What the extension does when a test, a class and a run end: each scenario runs in a launcher of
 * its own ({@link Scenarios}) and records what it saw; the assertions here run afterwards.
 */
class LifecycleScenariosTest {
    private static final List<WarrenBroker> seen = new CopyOnWriteArrayList<>();
    private static final List<WarrenBroker> seenOther = new CopyOnWriteArrayList<>();
    private static final List<Connection> opened = new CopyOnWriteArrayList<>();
    private static final List<Boolean> openAtAfterAll = new CopyOnWriteArrayList<>();

    private static void assertAllPassed(TestExecutionSummary summary, long tests) {
        summary.getFailures().forEach(f -> f.getException().printStackTrace());
        assertEquals(0, summary.getTotalFailureCount(), "scenario failures");
        assertEquals(tests, summary.getTestsSucceededCount(), "scenario tests passed");
    }

    @Test
    void aPerClassBrokerStopsAfterItsClass() {
        seen.clear();
        assertAllPassed(Scenarios.run(PerClass.class), 2);
        assertEquals(2, seen.size());
        assertSame(seen.get(0), seen.get(1));
        assertFalse(Scenarios.listening(seen.get(0).port()), "the broker still listens after its class");
    }

    @Test
    void aPerMethodBrokerIsNewForEachTestAndStopsAfterIt() {
        seen.clear();
        assertAllPassed(Scenarios.run(PerMethod.class), 2);
        assertEquals(2, seen.size());
        assertNotEquals(seen.get(0).port(), seen.get(1).port());
        assertFalse(Scenarios.listening(seen.get(0).port()));
        assertFalse(Scenarios.listening(seen.get(1).port()));
    }

    @Test
    void aPerRunBrokerIsSharedByClassesWithTheSameSettingsAndStopsWithTheRun() {
        seen.clear();
        seenOther.clear();
        openAtAfterAll.clear();
        assertAllPassed(Scenarios.run(PerRunA.class, PerRunB.class, PerRunOtherSettings.class), 3);
        assertEquals(2, seen.size());
        assertSame(seen.get(0), seen.get(1), "PerRunA and PerRunB got different brokers");
        assertEquals(1, seenOther.size());
        assertNotEquals(seen.get(0).port(), seenOther.get(0).port(), "other settings, same broker");
        assertEquals(List.of(true, true), openAtAfterAll, "a PER_RUN broker stopped when a class ended");
        assertFalse(Scenarios.listening(seen.get(0).port()), "the PER_RUN broker outlived the run");
        assertFalse(Scenarios.listening(seenOther.get(0).port()));
    }

    @Test
    void connectionsATestOpenedAreClosedAfterItAndOthersWhenTheBrokerStops() {
        opened.clear();
        assertAllPassed(Scenarios.run(Connections.class), 2);
        assertEquals(5, opened.size());
        for (Connection c : opened) {
            assertFalse(c.isOpen(), c + " is still open");
        }
    }

    @Test
    void anInstanceFieldExtensionStartsABrokerForEachTest() {
        seen.clear();
        assertAllPassed(Scenarios.run(InstanceField.class), 2);
        assertEquals(2, seen.size());
        assertNotEquals(seen.get(0).port(), seen.get(1).port());
        assertFalse(Scenarios.listening(seen.get(1).port()));
    }

    @Test
    void anAnnotationAndAFieldOnOneClassMakeOneBrokerWithTheFieldsSettings() {
        seen.clear();
        assertAllPassed(Scenarios.run(AnnotationAndField.class), 1);
        assertEquals(1, seen.size());
    }

    @EnabledIfSystemProperty(named = Scenarios.PROPERTY, matches = "true")
    @WarrenTest
    static class AnnotationAndField {
        @RegisterExtension
        static WarrenExtension warren = WarrenExtension.withTopology(Topology.builder().queue("from-field").build());

        @Test
        void one(WarrenBroker b) {
            assertSame(warren.broker(), b);
            assertEquals(0, b.queueDepth("from-field"));
            seen.add(b);
        }
    }

    @Test
    void withoutResetBetweenTestsALaterTestSeesWhatAnEarlierOneLeft() {
        assertAllPassed(Scenarios.run(NoReset.class), 2);
    }

    @EnabledIfSystemProperty(named = Scenarios.PROPERTY, matches = "true")
    @WarrenTest(resetBetweenTests = false)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class NoReset {
        @Test
        @Order(1)
        void one(Channel ch) throws Exception {
            ch.queueDeclare("kept", false, false, false, null);
            ch.basicPublish("", "kept", null, new byte[0]);
        }

        @Test
        @Order(2)
        void two(WarrenBroker b) {
            b.awaitQueueDepth("kept", 1, java.time.Duration.ofSeconds(5));
        }
    }

    @EnabledIfSystemProperty(named = Scenarios.PROPERTY, matches = "true")
    @WarrenTest
    static class PerClass {
        @Test
        void one(WarrenBroker b) {
            seen.add(b);
        }

        @Test
        void two(WarrenBroker b) {
            seen.add(b);
        }
    }

    @EnabledIfSystemProperty(named = Scenarios.PROPERTY, matches = "true")
    @WarrenTest(lifecycle = Lifecycle.PER_METHOD)
    static class PerMethod {
        @Test
        void one(WarrenBroker b) {
            assertTrue(Scenarios.listening(b.port()));
            seen.add(b);
        }

        @Test
        void two(WarrenBroker b) {
            assertTrue(Scenarios.listening(b.port()));
            seen.add(b);
        }
    }

    @EnabledIfSystemProperty(named = Scenarios.PROPERTY, matches = "true")
    @WarrenTest(lifecycle = Lifecycle.PER_RUN)
    static class PerRunA {
        private static WarrenBroker mine;

        @Test
        void one(WarrenBroker b) {
            mine = b;
            seen.add(b);
            assertEquals(-1, b.queueDepth("left-by-PerRunB"), "the joining class saw what the other left");
        }

        @AfterAll
        static void after() throws Exception {
            openAtAfterAll.add(Scenarios.listening(mine.port()));
            try (Connection c = mine.newConnection()) {
                c.createChannel().queueDeclare("left-by-PerRunA", false, false, false, null); // after the last reset
            }
        }
    }

    @EnabledIfSystemProperty(named = Scenarios.PROPERTY, matches = "true")
    @WarrenTest(lifecycle = Lifecycle.PER_RUN)
    static class PerRunB {
        private static WarrenBroker mine;

        @Test
        void one(WarrenBroker b) {
            mine = b;
            seen.add(b);
            assertEquals(-1, b.queueDepth("left-by-PerRunA"), "the joining class saw what the other left");
        }

        @AfterAll
        static void after() throws Exception {
            openAtAfterAll.add(Scenarios.listening(mine.port()));
            try (Connection c = mine.newConnection()) {
                c.createChannel().queueDeclare("left-by-PerRunB", false, false, false, null); // after the last reset
            }
        }
    }

    @EnabledIfSystemProperty(named = Scenarios.PROPERTY, matches = "true")
    static class PerRunOtherSettings {
        @RegisterExtension
        static WarrenExtension warren = WarrenExtension.withTopology(Topology.builder().queue("q").build())
                .lifecycle(Lifecycle.PER_RUN);

        @Test
        void one(WarrenBroker b) {
            seenOther.add(b);
        }
    }

    @EnabledIfSystemProperty(named = Scenarios.PROPERTY, matches = "true")
    @WarrenTest
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class Connections {
        @BeforeAll
        static void before(WarrenBroker b) throws Exception {
            opened.add(b.newConnection()); // outside a test: closed when the broker stops
        }

        @Test
        @Order(1)
        void one(Connection injected, Channel channel, ConnectionFactory factory, WarrenBroker b) throws Exception {
            opened.add(injected);
            opened.add(channel.getConnection());
            opened.add(factory.newConnection());
            opened.add(b.connectionFactory("/").newConnection());
        }

        @Test
        @Order(2)
        void two() {
            for (Connection c : opened.subList(1, opened.size())) {
                assertFalse(c.isOpen(), "a connection of the first test is still open: " + c);
            }
            assertTrue(opened.get(0).isOpen(), "the @BeforeAll connection was closed after a test");
        }
    }

    @EnabledIfSystemProperty(named = Scenarios.PROPERTY, matches = "true")
    static class InstanceField {
        @RegisterExtension
        WarrenExtension warren = new WarrenExtension();

        @Test
        void one(WarrenBroker b) {
            assertSame(warren.broker(), b);
            seen.add(b);
        }

        @Test
        void two(WarrenBroker b) {
            seen.add(b);
        }
    }
}
