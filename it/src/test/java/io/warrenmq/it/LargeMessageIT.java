package io.warrenmq.it;

import static io.warrenmq.it.AmqpAssertions.expectChannelError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import java.security.MessageDigest;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Content spanning many body frames (AMQP 0-9-1 §4.2.6.2: body frames of at most frame-max - 8
 * payload bytes), and RabbitMQ's max_message_size: rabbit_channel's check_msg_size refuses a
 * publish whose body exceeds it with PRECONDITION_FAILED (406) "message size ... is larger than
 * configured max size", a channel error.
 */
class LargeMessageIT {
    private static final int SIXTEEN_MIB = 16 * 1024 * 1024;
    private static final int ONE_MIB = 1024 * 1024;

    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    @RegisterExtension
    static final EmbeddedBroker smallLimitBroker = new EmbeddedBroker(config -> config.withMaxMessageSize(ONE_MIB));

    /** A 16 MiB body (128+ frames at frame-max 131072) is delivered intact, to basic.get and to a consumer. */
    @Test
    void sixteenMebibyteMessageArrivesIntact() throws Exception {
        Connection connection = broker.newConnection();
        assertEquals(131072, connection.getFrameMax());
        Channel channel = connection.createChannel();
        String queue = channel.queueDeclare().getQueue();
        byte[] body = randomBytes(SIXTEEN_MIB, 16);
        byte[] digest = sha256(body);

        channel.basicPublish("", queue, null, body);
        GetResponse viaGet = Messages.getEventually(channel, queue, true);
        assertEquals(SIXTEEN_MIB, viaGet.getBody().length);
        assertArrayEquals(digest, sha256(viaGet.getBody()), "body changed on the way through basic.get");

        CollectingConsumer consumer = new CollectingConsumer(channel);
        channel.basicConsume(queue, true, consumer);
        channel.basicPublish("", queue, null, body);
        byte[] consumed = consumer.awaitDeliveries(1).get(0).body();
        assertArrayEquals(digest, sha256(consumed), "body changed on the way through basic.deliver");
    }

    /** Several large messages back to back keep their boundaries and order. */
    @Test
    void consecutiveLargeMessagesKeepTheirBoundaries() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        int[] sizes = {131072 - 8, 131072 - 7, 131072 * 3, 1, 0, 2 * ONE_MIB + 3};
        byte[][] bodies = new byte[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            bodies[i] = randomBytes(sizes[i], i);
            channel.basicPublish("", queue, null, bodies[i]);
        }
        for (int i = 0; i < sizes.length; i++) {
            GetResponse response = Messages.getEventually(channel, queue, true);
            assertArrayEquals(bodies[i], response.getBody(), "message #" + i + " of " + sizes[i] + " bytes");
        }
    }

    /** check_msg_size accepts "Size =< MaxMessageSize": a body of exactly the limit goes through. */
    @Test
    void messageOfExactlyTheConfiguredMaximumIsAccepted() throws Exception {
        Channel channel = smallLimitBroker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        byte[] body = randomBytes(ONE_MIB, 3);
        channel.basicPublish("", queue, null, body);
        assertArrayEquals(body, Messages.getEventually(channel, queue, true).getBody());
    }

    /**
     * One byte over the configured maximum: PRECONDITION_FAILED on that channel only; the
     * connection's other channels and other connections are unaffected, and the message is not enqueued.
     */
    @Test
    void messageOverTheConfiguredMaximumIsPreconditionFailed() throws Exception {
        Connection connection = smallLimitBroker.newConnection();
        Channel publisher = connection.createChannel();
        Channel sibling = connection.createChannel();
        Channel elsewhere = smallLimitBroker.newChannel();
        String queue = sibling.queueDeclare().getQueue();

        expectChannelError(AMQP.PRECONDITION_FAILED, publisher,
                () -> publisher.basicPublish("", queue, null, randomBytes(ONE_MIB + 1, 4)));

        sibling.basicPublish("", queue, null, Messages.utf8("small"));
        assertEquals(List.of("small"), Messages.routedBodies(sibling, queue));
        String otherQueue = elsewhere.queueDeclare().getQueue();
        elsewhere.basicPublish("", otherQueue, null, Messages.utf8("fine"));
        assertNotNull(Messages.getEventually(elsewhere, otherQueue, true));
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
