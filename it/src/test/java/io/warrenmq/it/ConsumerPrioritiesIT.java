package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.Channel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Consumer priorities (https://www.rabbitmq.com/docs/consumer-priority): messages go to the
 * highest-priority consumers that can take them; lower-priority consumers get messages only while
 * the higher ones are blocked (here by their prefetch).
 */
class ConsumerPrioritiesIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    @Test
    void theHighPriorityConsumerGetsEverythingWhileItCanTakeIt() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        AtomicInteger high = new AtomicInteger();
        AtomicInteger low = new AtomicInteger();
        channel.basicConsume(queue, true, Map.of(), (t, d) -> low.incrementAndGet(), t -> { });
        channel.basicConsume(queue, true, Map.of("x-priority", 10), (t, d) -> high.incrementAndGet(), t -> { });
        for (int i = 0; i < 50; i++) {
            channel.basicPublish("", queue, null, "m".getBytes(StandardCharsets.UTF_8));
        }
        Await.until("all 50 delivered", () -> high.get() + low.get() == 50);
        assertEquals(50, high.get());
    }

    @Test
    void aLowerPriorityConsumerGetsMessagesWhileTheHigherOneIsBlocked() throws Exception {
        com.rabbitmq.client.Connection connection = broker.newConnection();
        Channel highChannel = connection.createChannel();
        String queue = highChannel.queueDeclare().getQueue();
        highChannel.basicQos(2);
        AtomicInteger high = new AtomicInteger();
        highChannel.basicConsume(queue, false, Map.of("x-priority", 10), (t, d) -> high.incrementAndGet(), t -> { });
        Channel lowChannel = connection.createChannel();
        AtomicInteger low = new AtomicInteger();
        lowChannel.basicConsume(queue, true, Map.of(), (t, d) -> low.incrementAndGet(), t -> { });
        for (int i = 0; i < 10; i++) {
            highChannel.basicPublish("", queue, null, "m".getBytes(StandardCharsets.UTF_8));
        }
        Await.until("all 10 delivered", () -> high.get() + low.get() == 10);
        assertEquals(2, high.get(), "the high-priority consumer holds its prefetch of 2, unacked");
        assertEquals(8, low.get());
    }
}
