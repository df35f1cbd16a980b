package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A durable queue keeps only a window of messages in memory; persistent messages beyond it wait
 * on disk and are read back as the queue drains. Consumers must not be able to tell: every
 * message arrives once, in publish order, before and after a restart.
 */
class BacklogPagingIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    /** Several times the in-memory window (2048 entries). */
    private static final int BACKLOG = 10_000;

    private static void publishBacklog(Channel channel, String queue) throws Exception {
        channel.queueDeclare(queue, true, false, false, null);
        channel.confirmSelect();
        for (int i = 0; i < BACKLOG; i++) {
            channel.basicPublish("", queue, MessageProperties.PERSISTENT_BASIC,
                    ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        channel.waitForConfirmsOrDie(60_000);
    }

    private static void drainInOrder(Channel channel, String queue, boolean redelivered) throws Exception {
        assertEquals(BACKLOG, channel.queueDeclarePassive(queue).getMessageCount());
        for (int i = 0; i < BACKLOG; i++) {
            GetResponse r = channel.basicGet(queue, true);
            assertNotNull(r, "message " + i + " missing");
            assertEquals("m" + i, new String(r.getBody(), StandardCharsets.UTF_8));
            assertEquals(redelivered, r.getEnvelope().isRedeliver(), "redelivered flag of m" + i);
        }
        assertEquals(0, channel.queueDeclarePassive(queue).getMessageCount());
    }

    @Test
    void backlogLargerThanTheMemoryWindowDrainsInOrder() throws Exception {
        Channel channel = broker.newChannel();
        String queue = EmbeddedBroker.uniqueName("backlog");
        publishBacklog(channel, queue);
        drainInOrder(channel, queue, false);
    }

    @Test
    void backlogSurvivesACleanRestartAndIsReadBackLazily() throws Exception {
        String queue = EmbeddedBroker.uniqueName("backlog-restart");
        publishBacklog(broker.newChannel(), queue);
        broker.restart();
        assertFalse(broker.broker().recoveryReport().messagesRecovered() < BACKLOG,
                "recovered " + broker.broker().recoveryReport().messagesRecovered());
        drainInOrder(broker.newChannel(), queue, false);
    }
}
