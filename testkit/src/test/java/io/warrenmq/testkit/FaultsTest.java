package io.warrenmq.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MissedHeartbeatException;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** broker.faults(): what a client of the RabbitMQ Java client sees for each injected fault. */
@WarrenTest
class FaultsTest {

    private static ShutdownSignalException awaitShutdown(Connection c) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<ShutdownSignalException> cause = new AtomicReference<>();
        c.addShutdownListener(s -> {
            cause.set(s);
            closed.countDown();
        });
        if (!c.isOpen()) {
            return c.getCloseReason();
        }
        assertTrue(closed.await(15, TimeUnit.SECONDS), "the connection stayed open");
        return cause.get();
    }

    @Test
    void aConnectionIsClosedWithTheChosenCodeAndText(WarrenBroker broker, ConnectionFactory factory) throws Exception {
        Connection victim = factory.newConnection("victim");
        Connection bystander = factory.newConnection("bystander");
        assertEquals(1, broker.faults().closeConnection("victim", 541, "injected by the test"));
        ShutdownSignalException s = awaitShutdown(victim);
        assertFalse(s.isInitiatedByApplication());
        com.rabbitmq.client.AMQP.Connection.Close close = (com.rabbitmq.client.AMQP.Connection.Close) s.getReason();
        assertEquals(541, close.getReplyCode());
        assertEquals("INTERNAL_ERROR - injected by the test", close.getReplyText());
        assertTrue(bystander.isOpen());
        bystander.createChannel().queueDeclare(); // and it still works
        assertEquals(0, broker.faults().closeConnection("nobody", 320, "x"));
        assertThrows(IllegalArgumentException.class, () -> broker.faults().closeConnections(999, "x"));
    }

    @Test
    void aSeveredConnectionIsNoticedByTheClientsHeartbeat(WarrenBroker broker, ConnectionFactory factory)
            throws Exception {
        factory.setRequestedHeartbeat(1);
        factory.setAutomaticRecoveryEnabled(false);
        Connection c = factory.newConnection("severed");
        assertEquals(1, broker.faults().severConnection("severed"));
        ShutdownSignalException s = awaitShutdown(c);
        assertInstanceOf(MissedHeartbeatException.class, s.getCause(), s::toString);
    }

    @Test
    void aResetConnectionRecoversByItself(WarrenBroker broker, ConnectionFactory factory) throws Exception {
        factory.setAutomaticRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(50);
        Connection c = factory.newConnection("reset");
        CountDownLatch recovered = new CountDownLatch(1);
        ((Recoverable) c).addRecoveryListener(new RecoveryListener() {
            @Override
            public void handleRecovery(Recoverable r) {
                recovered.countDown();
            }

            @Override
            public void handleRecoveryStarted(Recoverable r) {
            }
        });
        Channel ch = c.createChannel();
        ch.queueDeclare("after-reset", false, false, false, null);
        assertEquals(1, broker.faults().resetConnection("reset"));
        assertTrue(recovered.await(15, TimeUnit.SECONDS), "no recovery");
        ch.basicPublish("", "after-reset", null, "again".getBytes());
        assertEquals("again", broker.awaitMessages("after-reset", 1, Duration.ofSeconds(5)).get(0).text());
    }

    @Test
    void theNextPublishesAreNackedThenDroppedThenTaken(WarrenBroker broker, Channel ch) throws Exception {
        ch.queueDeclare("faulty", false, false, false, null);
        ch.confirmSelect();
        BlockingQueue<String> confirms = new ArrayBlockingQueue<>(10);
        ch.addConfirmListener(new ConfirmListener() {
            @Override
            public void handleAck(long tag, boolean multiple) {
                confirms.add("ack " + tag + (multiple ? "+" : ""));
            }

            @Override
            public void handleNack(long tag, boolean multiple) {
                confirms.add("nack " + tag + (multiple ? "+" : ""));
            }
        });
        broker.faults().nackNextPublishes("faulty", 2);
        java.util.List<String> heard = new java.util.ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ch.basicPublish("", "faulty", null, ("m" + i).getBytes());
            heard.add(confirms.poll(5, TimeUnit.SECONDS)); // one at a time: each confirm names its own tag
        }
        assertEquals(java.util.List.of("nack 1", "nack 2", "ack 3"), heard);
        broker.awaitQueueDepth("faulty", 1, Duration.ofSeconds(5));
        assertEquals("m3", broker.awaitMessages("faulty", 1, Duration.ofSeconds(5)).get(0).text());
        assertFalse(ch.waitForConfirms(5000), "two nacks among the three");

        broker.faults().dropNextPublishes("faulty", 1);
        ch.basicPublish("", "faulty", null, "lost".getBytes());
        ch.basicPublish("", "faulty", null, "kept".getBytes());
        assertTrue(ch.waitForConfirms(5000), "a dropped publish is confirmed as taken");
        broker.awaitQueueDepth("faulty", 1, Duration.ofSeconds(5));
        assertEquals("kept", broker.awaitMessages("faulty", 1, Duration.ofSeconds(5)).get(0).text());
    }

    @Test
    void nackedPublishesAreNackedToTheirPublisher(WarrenBroker broker, Channel ch) throws Exception {
        ch.queueDeclare("refusing", false, false, false, null);
        ch.confirmSelect();
        broker.faults().nackNextPublishes("refusing", 1);
        ch.basicPublish("", "refusing", null, "refused".getBytes());
        assertFalse(ch.waitForConfirms(5000), "the publisher heard no nack");
        ch.basicPublish("", "refusing", null, "taken".getBytes());
        assertTrue(ch.waitForConfirms(5000));
        assertEquals(1, broker.queueDepth("refusing"));
    }

    @Test
    void delayedPublishesArriveLateAndInOrder(WarrenBroker broker, Channel ch) throws Exception {
        ch.queueDeclare("slow", false, false, false, null);
        ch.confirmSelect();
        broker.faults().delayPublishes("slow", Duration.ofMillis(300));
        long start = System.nanoTime();
        ch.basicPublish("", "slow", null, "first".getBytes());
        ch.basicPublish("", "slow", null, "second".getBytes());
        assertTrue(ch.waitForConfirms(5000));
        // a lower bound only: the confirm cannot come before the message entered the queue
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(300), "no delay");
        var got = broker.awaitMessages("slow", 2, Duration.ofSeconds(5));
        assertEquals("first", got.get(0).text());
        assertEquals("second", got.get(1).text());
        broker.faults().clearQueueFaults("slow");
    }

    @Test
    void theDiskAlarmBlocksPublishersUntilCleared(WarrenBroker broker, Connection publisher) throws Exception {
        BlockingQueue<String> events = BlockedEvents.of(publisher);
        Channel out = publisher.createChannel();
        out.queueDeclare("disk", false, false, false, null);
        broker.faults().raiseDiskAlarm();
        assertTrue(broker.faults().diskAlarm());
        out.basicPublish("", "disk", null, "held".getBytes());
        assertEquals("blocked: low on disk", events.poll(5, TimeUnit.SECONDS));
        broker.faults().clearDiskAlarm();
        assertFalse(broker.faults().diskAlarm());
        assertEquals("unblocked", events.poll(5, TimeUnit.SECONDS));
        assertEquals("held", broker.awaitMessages("disk", 1, Duration.ofSeconds(5)).get(0).text());
    }

    @Test
    void anUnknownQueueIsAClearError(WarrenBroker broker) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> broker.faults().nackNextPublishes("no-such-queue", 1));
        assertEquals("no queue 'no-such-queue' in vhost '/'", e.getMessage());
    }
}
