package io.warrenmq.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.Channel;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's and docs/testkit.md's virtual-clock example, as written there (keep them alike). */
@WarrenTest(virtualClock = true)
class ReadmeVirtualClockExampleTest {
    @Test
    void anHourOldReminderIsDeadLettered(Channel channel, WarrenBroker broker) throws Exception {
        channel.exchangeDeclare("dlx", "fanout");
        channel.queueDeclare("expired", false, false, false, null);
        channel.queueBind("expired", "dlx", "");
        channel.queueDeclare("reminders", false, false, false,
                Map.of("x-message-ttl", 3_600_000, "x-dead-letter-exchange", "dlx"));
        channel.confirmSelect();
        channel.basicPublish("", "reminders", null, "call mum".getBytes());
        channel.waitForConfirmsOrDie(5_000);           // advance only moves what reached the queue

        broker.clock().advance(Duration.ofHours(1));   // returns in milliseconds

        assertEquals(0, broker.queueDepth("reminders"));
        assertEquals("call mum", broker.awaitMessages("expired", 1, Duration.ofSeconds(5)).get(0).text());
    }
}
