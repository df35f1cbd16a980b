package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;
import io.warrenmq.server.activity.LiveConnection;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A consumer that stops reading its socket (issue 18, "slow and stuck consumers"): the broker
 * stops handing it deliveries once its socket's outbound buffer passes the high water mark, so
 * what it holds for that socket stays bounded, and the other consumer of the same queue receives
 * everything else. Without the pause, round-robin would push half of the messages into the stuck
 * socket's buffer.
 */
class SlowConsumerIT {
    private static final int MESSAGES = 10_000;
    private static final int BODY_BYTES = 4096;
    /** Netty's high water mark on client sockets (Broker's child options) plus one batch of deliveries. */
    private static final long SEND_PEND_BOUND = 4L << 20;

    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    @Test
    void aConsumerThatStopsReadingHoldsABoundedBufferAndTheOtherConsumerGetsTheRest() throws Exception {
        String queue = EmbeddedBroker.uniqueName("stuck");
        Connection connection = broker.newConnection();
        Channel setup = connection.createChannel();
        setup.queueDeclare(queue, false, false, false, null);

        long connectionsBefore = broker.broker().connectionRegistry().all().size();
        try (RawAmqpClient stuck = RawAmqpClient.connect("127.0.0.1", broker.port(), 8192)) {
            stuck.handshake(0);
            stuck.openChannel(1);
            // basic.consume, no-ack (so nothing ever comes back to the queue), then never read again
            stuck.sendMethod(1, 60, 20, new RawAmqpClient.Arguments().shortInt(0).shortString(queue)
                    .shortString("stuck").bits(false, true, false, false).emptyTable());
            stuck.expectMethod(60, 21);
            Await.until("the stuck connection is listed",
                    () -> broker.broker().connectionRegistry().all().size() == connectionsBefore + 1);
            LiveConnection stuckConnection = broker.broker().connectionRegistry().all().stream()
                    .filter(c -> c.facts().peerPort() == stuck.localPort()).findFirst().orElseThrow();

            AtomicInteger fastReceived = new AtomicInteger();
            Channel fast = connection.createChannel();
            fast.basicQos(200);
            fast.basicConsume(queue, false, (tag, delivery) -> {
                fastReceived.incrementAndGet();
                fast.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
            }, tag -> { });

            AtomicLong maxSendPend = new AtomicLong();
            Channel publisher = connection.createChannel();
            publisher.confirmSelect();
            byte[] body = new byte[BODY_BYTES];
            for (int i = 0; i < MESSAGES; i++) {
                publisher.basicPublish("", queue, MessageProperties.MINIMAL_BASIC, body);
                if (i % 500 == 499) {
                    publisher.waitForConfirmsOrDie(30_000);
                    maxSendPend.accumulateAndGet(stuckConnection.sendPend(), Math::max);
                }
            }
            publisher.waitForConfirmsOrDie(30_000);

            Await.until("the queue is drained by the consumer that reads",
                    () -> setup.messageCount(queue) == 0 && fastReceived.get() > MESSAGES / 2);
            maxSendPend.accumulateAndGet(stuckConnection.sendPend(), Math::max);
            assertTrue(maxSendPend.get() <= SEND_PEND_BOUND,
                    "octets held for the stuck socket stay bounded, at most " + maxSendPend.get());

            // Now read everything the stuck socket was given: it and the fast consumer got each
            // message exactly once between them, and the stuck one far fewer than its round-robin half.
            int stuckReceived = drainDeliveries(stuck);
            Await.until("the fast consumer has acknowledged its share",
                    () -> fastReceived.get() + stuckReceived == MESSAGES);
            assertEquals(MESSAGES, fastReceived.get() + stuckReceived);
            assertTrue(stuckReceived < MESSAGES / 4,
                    "the stuck consumer was given only what fits its buffers: " + stuckReceived);
        }
    }

    /** Reads basic.deliver frames until the socket has been silent for a second. */
    private static int drainDeliveries(RawAmqpClient client) throws IOException {
        client.readTimeout(Duration.ofSeconds(1));
        int deliveries = 0;
        try {
            while (true) {
                RawAmqpClient.Frame frame = client.readNonHeartbeatFrame();
                if (frame.isMethod(60, 60)) {
                    deliveries++;
                }
            }
        } catch (SocketTimeoutException drained) {
            return deliveries;
        }
    }
}
