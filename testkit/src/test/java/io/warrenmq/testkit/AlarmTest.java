package io.warrenmq.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** raiseMemoryAlarm / clearMemoryAlarm: a publisher gets connection.blocked, then connection.unblocked. */
@WarrenTest
class AlarmTest {

    @Test
    void aPublisherIsBlockedWhileTheAlarmIsOnAndUnblockedAfter(Connection publisher, Connection consumer,
            WarrenBroker broker) throws Exception {
        BlockingQueue<String> events = BlockedEvents.of(publisher);
        Channel in = consumer.createChannel();
        in.queueDeclare("alarmed", false, false, false, null);
        broker.raiseMemoryAlarm();
        assertTrue(broker.memoryAlarm());
        Channel out = publisher.createChannel();
        out.basicPublish("", "alarmed", null, "held".getBytes());
        assertEquals("blocked: low on memory", events.poll(5, TimeUnit.SECONDS));
        Thread.sleep(100);
        assertEquals(0, broker.queueDepth("alarmed"), "a blocked connection's publish got through");
        in.queueDeclarePassive("alarmed"); // connections that do not publish keep working
        broker.clearMemoryAlarm();
        assertFalse(broker.memoryAlarm());
        assertEquals("unblocked", events.poll(5, TimeUnit.SECONDS));
        assertEquals("held", broker.awaitMessages("alarmed", 1, Duration.ofSeconds(5)).get(0).text());
    }
}
