package io.warrenmq.it;

import static io.warrenmq.it.Messages.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.warrenmq.server.alarm.ResourceAlarms;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Memory and free-disk alarms (https://www.rabbitmq.com/docs/alarms, /docs/connection-blocked): "Nodes will
 * temporarily block publishing connections by suspending reading from client connection. Connections that are
 * only used to consume messages will not be blocked." A client whose capabilities include
 * {@code connection.blocked} gets {@code connection.blocked} with the reason when its connection is blocked and
 * {@code connection.unblocked} "when all resource alarms have cleared".
 *
 * <p>The alarms are driven as an operator would with {@code rabbitmqctl set_disk_free_limit} and
 * {@code set_vm_memory_high_watermark}: a disk limit above any real free space raises the disk alarm and 0
 * clears it; an absolute memory watermark of one byte raises the memory alarm. Each setter has measured by the
 * time it returns, so a publish made afterwards meets the alarm.
 */
class ResourceAlarmIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    private static final long WAIT_SECONDS = Await.DEFAULT_TIMEOUT.toSeconds();

    private static ResourceAlarms alarms() {
        return broker.broker().alarms();
    }

    /** Runs before the extension closes the test's connections, so none is left blocked. */
    @AfterEach
    void restoreConfiguredLimits() {
        alarms().setDiskFreeLimit(broker.config().diskFreeLimit());
        alarms().setMemoryHighWatermark(broker.config().memoryHighWatermark());
    }

    /** What a connection's BlockedListener was told, in order. */
    private static BlockingQueue<String> blockedEvents(Connection connection) {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        connection.addBlockedListener(reason -> events.add("blocked: " + reason), () -> events.add("unblocked"));
        return events;
    }

    private static String next(BlockingQueue<String> events, String what) throws InterruptedException {
        String event = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertTrue(event != null, "no " + what + " within " + WAIT_SECONDS + " s");
        return event;
    }

    @Test
    void aPublisherIsBlockedDuringADiskAlarmWhileAConsumerElsewhereDrainsAndItsMessageArrivesAfter() throws Exception {
        String queue = EmbeddedBroker.uniqueName("disk-alarm");
        Channel consuming = broker.newChannel();
        consuming.queueDeclare(queue, false, false, false, null);
        Connection publisher = broker.newConnection();
        Channel publishing = publisher.createChannel();
        BlockingQueue<String> events = blockedEvents(publisher);
        for (int i = 0; i < 3; i++) {
            publishing.basicPublish("", queue, null, utf8("backlog-" + i));
        }
        Messages.awaitReady(consuming, queue, 3);

        alarms().setDiskFreeLimit(Long.MAX_VALUE);
        assertTrue(alarms().diskAlarm());
        assertFalse(alarms().memoryAlarm());
        publishing.basicPublish("", queue, null, utf8("held"));

        assertEquals("blocked: low on disk", next(events, "connection.blocked"));
        assertEquals(3, consuming.messageCount(queue), "the blocked publish has not reached the queue");
        CollectingConsumer consumer = new CollectingConsumer(consuming);
        consuming.basicConsume(queue, true, consumer);
        consumer.awaitDeliveries(3);
        assertEquals(List.of("backlog-0", "backlog-1", "backlog-2"), consumer.texts(),
                "consumers keep receiving so the backlog can drain; the held message is not among them");
        assertTrue(publisher.isOpen(), "blocked, not closed");

        alarms().setDiskFreeLimit(0);

        assertEquals("unblocked", next(events, "connection.unblocked"));
        consumer.awaitDeliveries(4);
        assertEquals(List.of("backlog-0", "backlog-1", "backlog-2", "held"), consumer.texts());
        assertTrue(events.isEmpty(), "one blocked, one unblocked: " + events);
    }

    @Test
    void aConnectionThatNeverPublishesIsNotBlocked() throws Exception {
        String queue = EmbeddedBroker.uniqueName("consume-only");
        Channel seeding = broker.newChannel();
        seeding.queueDeclare(queue, false, false, false, null);
        seeding.basicPublish("", queue, null, utf8("one"));
        seeding.basicPublish("", queue, null, utf8("two"));
        Messages.awaitReady(seeding, queue, 2);
        Connection before = broker.newConnection();
        BlockingQueue<String> beforeEvents = blockedEvents(before);

        alarms().setDiskFreeLimit(Long.MAX_VALUE);
        Connection during = broker.newConnection();
        BlockingQueue<String> duringEvents = blockedEvents(during);

        // every call below is a round trip: each answer proves the broker is still reading the socket
        Channel opened = during.createChannel();
        opened.basicQos(1);
        String own = opened.queueDeclare().getQueue();
        GetResponse got = opened.basicGet(queue, false);
        assertEquals("one", Messages.text(got.getBody()));
        opened.basicAck(got.getEnvelope().getDeliveryTag(), false);
        CollectingConsumer consumer = new CollectingConsumer(opened);
        opened.basicConsume(queue, false, consumer);
        assertEquals("two", consumer.awaitDeliveries(1).get(0).text());
        opened.basicAck(consumer.deliveries().get(0).deliveryTag(), false);
        assertEquals(0, opened.messageCount(own));
        opened.close(); // unacknowledged deliveries would go back to the queue now

        Channel earlier = before.createChannel();
        assertEquals(0, earlier.messageCount(queue), "both acks were read, so nothing was requeued");

        assertTrue(beforeEvents.isEmpty() && duringEvents.isEmpty(), "no connection.blocked: "
                + beforeEvents + duringEvents);
        assertTrue(alarms().diskAlarm(), "the alarm was on throughout");
    }

    @Test
    void aMemoryAlarmBlocksWithItsOwnReason() throws Exception {
        String queue = EmbeddedBroker.uniqueName("memory-alarm");
        Channel reading = broker.newChannel();
        reading.queueDeclare(queue, false, false, false, null);
        Connection publisher = broker.newConnection();
        Channel publishing = publisher.createChannel();
        BlockingQueue<String> events = blockedEvents(publisher);

        alarms().setMemoryHighWatermarkAbsolute(1);
        assertTrue(alarms().memoryAlarm());
        assertFalse(alarms().diskAlarm());
        publishing.basicPublish("", queue, null, utf8("held"));

        assertEquals("blocked: low on memory", next(events, "connection.blocked"));
        assertEquals(0, reading.messageCount(queue));

        alarms().setMemoryHighWatermarkAbsolute(Long.MAX_VALUE);

        assertEquals("unblocked", next(events, "connection.unblocked"));
        assertEquals("held", Messages.text(Messages.getEventually(reading, queue, true).getBody()));
    }

    @Test
    void withBothAlarmsOnTheReasonNamesBothAndUnblockedComesOnceBothClear() throws Exception {
        String queue = EmbeddedBroker.uniqueName("both-alarms");
        Channel reading = broker.newChannel();
        reading.queueDeclare(queue, false, false, false, null);
        Connection publisher = broker.newConnection();
        Channel publishing = publisher.createChannel();
        BlockingQueue<String> events = blockedEvents(publisher);

        alarms().setMemoryHighWatermarkAbsolute(1);
        alarms().setDiskFreeLimit(Long.MAX_VALUE);
        publishing.basicPublish("", queue, null, utf8("held"));
        assertEquals("blocked: low on memory & disk", next(events, "connection.blocked"));

        alarms().setMemoryHighWatermarkAbsolute(Long.MAX_VALUE);
        alarms().setDiskFreeLimit(0);

        assertEquals("unblocked", next(events, "connection.unblocked"));
        assertEquals("held", Messages.text(Messages.getEventually(reading, queue, true).getBody()));
        assertTrue(events.isEmpty(), "nothing else: " + events);
    }

    @Test
    void theConnectionBlockedCapabilityIsAdvertised() throws Exception {
        Map<String, Object> properties = broker.newConnection().getServerProperties();

        @SuppressWarnings("unchecked") // why: the client decodes a field table as a Map
        Map<String, Object> capabilities = (Map<String, Object>) properties.get("capabilities");
        assertEquals(Boolean.TRUE, capabilities.get("connection.blocked"));
    }
}
