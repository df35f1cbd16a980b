package io.warrenmq.it;

import static io.warrenmq.it.AmqpAssertions.expectChannelError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Publisher confirms (RabbitMQ's extension, https://www.rabbitmq.com/docs/confirms): after
 * {@code confirm.select}, every publish is numbered from 1 and the broker acks each once every
 * queue it was routed to has taken it; an unroutable message is confirmed at once, after its
 * {@code basic.return} when mandatory.
 */
class PublisherConfirmsIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyPublishIsConfirmedAndTheMessagesAreInTheQueue() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        channel.confirmSelect();
        for (int i = 0; i < 1000; i++) {
            channel.basicPublish("", queue, null, utf8("m" + i));
        }
        assertTrue(channel.waitForConfirms(30_000), "all 1000 publishes acked, none nacked");
        assertEquals(1000, channel.queueDeclarePassive(queue).getMessageCount());
    }

    @Test
    void sequenceNumbersStartAtOneAndAcksCoverEachOfThem() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        channel.confirmSelect();
        ConcurrentSkipListSet<Long> acked = new ConcurrentSkipListSet<>();
        CountDownLatch all = new CountDownLatch(1);
        int n = 200;
        channel.addConfirmListener(new ConfirmListener() {
            @Override
            public void handleAck(long tag, boolean multiple) {
                if (multiple) {
                    for (long t = 1; t <= tag; t++) {
                        acked.add(t);
                    }
                } else {
                    acked.add(tag);
                }
                if (acked.size() == n) {
                    all.countDown();
                }
            }

            @Override
            public void handleNack(long tag, boolean multiple) {
                throw new AssertionError("unexpected nack " + tag);
            }
        });
        assertEquals(1, channel.getNextPublishSeqNo());
        for (int i = 0; i < n; i++) {
            channel.basicPublish("", queue, null, utf8("x"));
        }
        assertTrue(all.await(30, TimeUnit.SECONDS), "acked: " + acked.size());
        assertEquals(1L, acked.first());
        assertEquals((long) n, acked.last());
    }

    @Test
    void messageRoutedToSeveralQueuesIsConfirmed() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = EmbeddedBroker.uniqueName("fan");
        channel.exchangeDeclare(exchange, "fanout", false, true, null);
        List<String> queues = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String q = channel.queueDeclare().getQueue();
            channel.queueBind(q, exchange, "");
            queues.add(q);
        }
        channel.confirmSelect();
        channel.basicPublish(exchange, "", null, utf8("to all"));
        channel.waitForConfirmsOrDie(30_000);
        for (String q : queues) {
            assertEquals(1, channel.queueDeclarePassive(q).getMessageCount(), q);
        }
    }

    @Test
    void unroutableMandatoryMessageIsReturnedBeforeItIsConfirmed() throws Exception {
        Channel channel = broker.newChannel();
        channel.confirmSelect();
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch acked = new CountDownLatch(1);
        channel.addReturnListener(r -> events.add("return " + r.getReplyCode()));
        channel.addConfirmListener((tag, multiple) -> {
            events.add("ack " + tag);
            acked.countDown();
        }, (tag, multiple) -> events.add("nack " + tag));
        channel.basicPublish("amq.direct", "nobody-" + System.nanoTime(), true, null, utf8("lost"));
        assertTrue(acked.await(30, TimeUnit.SECONDS));
        assertEquals(List.of("return 312", "ack 1"), events);
    }

    @Test
    void unroutableNonMandatoryMessageIsStillConfirmed() throws Exception {
        Channel channel = broker.newChannel();
        channel.confirmSelect();
        channel.basicPublish("amq.direct", "nobody-" + System.nanoTime(), null, utf8("dropped"));
        channel.waitForConfirmsOrDie(Duration.ofSeconds(30).toMillis());
    }

    /** RabbitMQ: "cannot switch from tx to confirm mode", 406, channel error. */
    @Test
    void confirmSelectOnATransactionalChannelIsPreconditionFailed() throws Exception {
        Channel channel = broker.newChannel();
        channel.txSelect();
        expectChannelError(AMQP.PRECONDITION_FAILED, channel, channel::confirmSelect);
    }

    /** RabbitMQ: "cannot switch from confirm to tx mode", 406, channel error. */
    @Test
    void txSelectOnAConfirmChannelIsPreconditionFailed() throws Exception {
        Channel channel = broker.newChannel();
        channel.confirmSelect();
        expectChannelError(AMQP.PRECONDITION_FAILED, channel, channel::txSelect);
    }
}
