package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.Channel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * x-single-active-consumer (https://www.rabbitmq.com/docs/consumers#single-active-consumer):
 * only one consumer of the queue receives messages; when it goes, the next one takes over.
 */
class SingleActiveConsumerIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    @Test
    void onlyTheFirstConsumerReceivesUntilItIsCancelled() throws Exception {
        Channel channel = broker.newChannel();
        String queue = EmbeddedBroker.uniqueName("sac");
        channel.queueDeclare(queue, false, false, true, Map.of("x-single-active-consumer", true));
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        String firstTag = channel.basicConsume(queue, true, (t, d) -> first.incrementAndGet(), t -> { });
        channel.basicConsume(queue, true, (t, d) -> second.incrementAndGet(), t -> { });
        for (int i = 0; i < 10; i++) {
            channel.basicPublish("", queue, null, "a".getBytes(StandardCharsets.UTF_8));
        }
        Await.until("10 delivered", () -> first.get() + second.get() == 10);
        assertEquals(10, first.get());

        channel.basicCancel(firstTag);
        for (int i = 0; i < 10; i++) {
            channel.basicPublish("", queue, null, "b".getBytes(StandardCharsets.UTF_8));
        }
        Await.until("20 delivered", () -> first.get() + second.get() == 20);
        assertEquals(10, second.get());
    }
}
