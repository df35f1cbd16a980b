package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Priority queues (https://www.rabbitmq.com/docs/priority): with x-max-priority, waiting messages
 * leave highest priority first; a priority above the maximum counts as the maximum; messages
 * without a priority count as 0.
 */
class PriorityQueueIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    @Test
    void waitingMessagesLeaveHighestPriorityFirst() throws Exception {
        Channel channel = broker.newChannel();
        String queue = EmbeddedBroker.uniqueName("prio");
        channel.queueDeclare(queue, false, false, true, Map.of("x-max-priority", 10));
        channel.confirmSelect();
        String[][] sent = {{"none", null}, {"p1", "1"}, {"p9", "9"}, {"p5", "5"}, {"p200", "200"}, {"p9b", "9"}};
        for (String[] m : sent) {
            AMQP.BasicProperties props = m[1] == null ? null
                    : new AMQP.BasicProperties.Builder().priority(Integer.parseInt(m[1])).build();
            channel.basicPublish("", queue, props, m[0].getBytes(StandardCharsets.UTF_8));
        }
        channel.waitForConfirmsOrDie(30_000);
        List<String> order = new ArrayList<>();
        for (int i = 0; i < sent.length; i++) {
            order.add(new String(channel.basicGet(queue, true).getBody(), StandardCharsets.UTF_8));
        }
        assertEquals(List.of("p200", "p9", "p9b", "p5", "p1", "none"), order);
    }
}
