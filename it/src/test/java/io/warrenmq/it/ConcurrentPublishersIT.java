package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many connections publishing into one queue at once: every message arrives exactly once, and
 * messages from one channel keep their publish order (AMQP 0-9-1 §4.7: "messages published on one
 * channel, passing through one exchange and one queue ... will be delivered in the order sent").
 */
class ConcurrentPublishersIT {
    private static final int PUBLISHERS = 8;
    private static final int MESSAGES_PER_PUBLISHER = 500;

    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    @Test
    void concurrentPublishersLoseAndDuplicateNothing() throws Exception {
        Connection consumerConnection = broker.newConnection();
        Channel consumerChannel = consumerConnection.createChannel();
        String queue = consumerChannel.queueDeclare(EmbeddedBroker.uniqueName("shared"), false, false, true, null).getQueue();
        CollectingConsumer consumer = new CollectingConsumer(consumerChannel);
        consumerChannel.basicConsume(queue, true, consumer);

        ExecutorService pool = Executors.newFixedThreadPool(PUBLISHERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> publishers = new ArrayList<>();
            for (int p = 0; p < PUBLISHERS; p++) {
                int publisher = p;
                Connection connection = broker.newConnection();
                publishers.add(pool.submit(() -> {
                    Channel channel = connection.createChannel();
                    start.await();
                    for (int i = 0; i < MESSAGES_PER_PUBLISHER; i++) {
                        channel.basicPublish("", queue, null, Messages.utf8("p" + publisher + "-" + i));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> publisher : publishers) {
                publisher.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        int total = PUBLISHERS * MESSAGES_PER_PUBLISHER;
        Await.until(total + " deliveries to the consumer", () -> consumer.count() >= total);
        Messages.awaitReady(consumerChannel, queue, 0);
        assertEquals(total, consumer.count(), "deliveries");

        Map<String, Integer> timesSeen = new HashMap<>();
        Map<Integer, List<Integer>> sequencePerPublisher = new HashMap<>();
        for (String id : consumer.texts()) {
            timesSeen.merge(id, 1, Integer::sum);
            String[] parts = id.substring(1).split("-");
            sequencePerPublisher.computeIfAbsent(Integer.parseInt(parts[0]), p -> new ArrayList<>())
                    .add(Integer.parseInt(parts[1]));
        }
        assertEquals(total, timesSeen.size(), "distinct message ids");
        timesSeen.forEach((id, times) -> assertEquals(1, times, () -> id + " delivered " + times + " times"));
        List<Integer> expectedSequence = IntStream.range(0, MESSAGES_PER_PUBLISHER).boxed().toList();
        for (int p = 0; p < PUBLISHERS; p++) {
            assertEquals(expectedSequence, sequencePerPublisher.get(p), "publisher " + p + " messages in publish order");
        }
        assertTrue(consumerChannel.isOpen());
    }
}
