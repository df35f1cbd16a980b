package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Publisher flow control (RabbitMQ: https://www.rabbitmq.com/docs/flow-control): a publisher
 * faster than the consumers of its queue is slowed to their pace by no longer reading its socket,
 * so the queue stays short instead of growing without bound; consumers that are stuck (not slow)
 * and queues without consumers never hold a publisher back.
 */
class PublisherFlowControlIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    private static final byte[] BODY = new byte[16];

    /** Publishes as fast as the socket takes them until stopped; counts what it handed to the client. */
    private static Thread firehose(Channel channel, String queue, AtomicBoolean stop, AtomicLong sent) {
        Thread t = new Thread(() -> {
            try {
                while (!stop.get()) {
                    channel.basicPublish("", queue, null, BODY);
                    sent.incrementAndGet();
                }
            } catch (Exception | Error e) {
                // the connection is aborted at the end of the test
            }
        }, "firehose");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void aFastPublisherIsSlowedToItsSlowConsumersPace() throws Exception {
        Channel setup = broker.newChannel();
        String queue = EmbeddedBroker.uniqueName("flow");
        setup.queueDeclare(queue, false, false, true, null);

        Channel consumerChannel = broker.newChannel();
        consumerChannel.basicQos(50);
        AtomicLong consumed = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        consumerChannel.basicConsume(queue, false, new DefaultConsumer(consumerChannel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties p, byte[] body)
                    throws IOException {
                if (consumed.incrementAndGet() % 10 == 0 && !stop.get()) {
                    try {
                        Thread.sleep(2); // at most ~5,000 messages a second: far slower than the publisher
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                getChannel().basicAck(envelope.getDeliveryTag(), false);
            }
        });

        Connection publisher = broker.newConnection();
        AtomicLong sent = new AtomicLong();
        firehose(publisher.createChannel(), queue, stop, sent);
        // run until the publisher has clearly outrun the consumer, then long enough that an unthrottled
        // broker would have read what the client sent (it would then all be ready in the queue)
        long maxReady = 0;
        long start = System.nanoTime();
        long deadline = start + 90_000_000_000L;
        while (System.nanoTime() < deadline && maxReady < 20_000
                && (sent.get() - consumed.get() < 30_000 || System.nanoTime() - start < 10_000_000_000L)) {
            maxReady = Math.max(maxReady, setup.messageCount(queue));
            Thread.sleep(20);
        }
        stop.set(true);
        long consumedThen = consumed.get();
        // the consumer goes first: its auto-delete queue goes with it, so the held publisher is let go
        consumerChannel.getConnection().abort();
        publisher.abort();

        assertTrue(sent.get() - consumedThen >= 30_000, "the publisher did not outrun the consumer: sent "
                + sent.get() + ", consumed " + consumedThen);
        assertTrue(maxReady < 20_000, "the queue stayed short: at most " + maxReady + " ready (sent "
                + sent.get() + ", consumed " + consumedThen + ")");
    }

    @Test
    void consumersStuckAtTheirPrefetchLimitDoNotHoldPublishersBack() throws Exception {
        Channel setup = broker.newChannel();
        String queue = EmbeddedBroker.uniqueName("stuck");
        setup.queueDeclare(queue, false, false, true, null);
        Channel consumerChannel = broker.newChannel();
        consumerChannel.basicQos(10);
        CollectingConsumer neverAcks = new CollectingConsumer(consumerChannel);
        consumerChannel.basicConsume(queue, false, neverAcks);

        Channel publisher = broker.newChannel();
        publisher.confirmSelect();
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            publisher.basicPublish("", queue, null, BODY);
        }
        publisher.waitForConfirmsOrDie(60_000);
        Await.until("all but the 10 unacked messages ready", () -> setup.messageCount(queue) == n - 10);
        assertEquals(10, neverAcks.count());
    }

    @Test
    void aQueueWithoutConsumersTakesABacklogAtFullSpeed() throws Exception {
        Channel publisher = broker.newChannel();
        String queue = EmbeddedBroker.uniqueName("backlog");
        publisher.queueDeclare(queue, false, false, true, null);
        publisher.confirmSelect();
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            publisher.basicPublish("", queue, null, BODY);
        }
        publisher.waitForConfirmsOrDie(60_000);
        assertEquals(n, publisher.messageCount(queue));
    }
}
