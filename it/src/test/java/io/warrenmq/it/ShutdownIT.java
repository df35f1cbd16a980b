package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import com.rabbitmq.client.ShutdownSignalException;
import io.warrenmq.server.Broker;
import io.warrenmq.server.BrokerConfig;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stopping broker takes leave of its clients as RabbitMQ does: connection.close 320 with
 * RabbitMQ's text (not a bare end of stream), and every message it stored was confirmed to its
 * publisher first.
 */
class ShutdownIT {
    private static BrokerConfig config(Path dir) {
        return BrokerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dir);
    }

    private static ConnectionFactory factory(Broker b) {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(b.port());
        f.setAutomaticRecoveryEnabled(false);
        return f;
    }

    @Test
    void clientsGetConnectionForcedWithRabbitMqsText(@TempDir Path dir) throws Exception {
        Broker b = new Broker(config(dir)).start();
        Connection c = factory(b).newConnection();
        AtomicReference<ShutdownSignalException> cause = new AtomicReference<>();
        CountDownLatch closed = new CountDownLatch(1);
        c.addShutdownListener(s -> {
            cause.set(s);
            closed.countDown();
        });
        b.close();
        assertTrue(closed.await(10, TimeUnit.SECONDS));
        ShutdownSignalException s = cause.get();
        assertFalse(s.isInitiatedByApplication());
        AMQP.Connection.Close close = (AMQP.Connection.Close) s.getReason();
        assertEquals(320, close.getReplyCode(), s::toString);
        assertEquals("CONNECTION_FORCED - broker forced connection closure with reason 'shutdown'",
                close.getReplyText());
    }

    /** Several rounds: the window between a message's write and its confirm is short. */
    @Test
    void everyStoredMessageWasConfirmedBeforeTheClose(@TempDir Path root) throws Exception {
        for (int round = 0; round < 3; round++) {
            stopWhilePublishing(java.nio.file.Files.createDirectory(root.resolve("round-" + round)));
        }
    }

    private static void stopWhilePublishing(Path dir) throws Exception {
        Broker b = new Broker(config(dir)).start();
        ConcurrentSkipListSet<Long> acked = new ConcurrentSkipListSet<>();
        Connection c = factory(b).newConnection();
        Channel ch = c.createChannel();
        ch.queueDeclare("orders", true, false, false, null);
        ch.confirmSelect();
        ch.addConfirmListener((tag, multiple) -> {
            if (multiple) {
                for (long t = 1; t <= tag; t++) {
                    acked.add(t);
                }
            } else {
                acked.add(tag);
            }
        }, (tag, multiple) -> { });
        CountDownLatch publishing = new CountDownLatch(1);
        Thread publisher = new Thread(() -> {
            try {
                for (int i = 0; ; i++) {
                    // the body carries the publish sequence number (the client's delivery tag)
                    long seq = ch.getNextPublishSeqNo();
                    ch.basicPublish("", "orders", MessageProperties.PERSISTENT_BASIC, Long.toString(seq).getBytes());
                    if (i == 2_000) {
                        publishing.countDown();
                    }
                }
            } catch (Exception e) {
                // the broker went away: expected
            }
        });
        publisher.start();
        assertTrue(publishing.await(30, TimeUnit.SECONDS));
        b.close(); // while the publisher is still publishing
        publisher.join(10_000);
        assertFalse(c.isOpen());

        try (Broker again = new Broker(config(dir)).start();
                Connection check = factory(again).newConnection()) {
            Channel r = check.createChannel();
            long stored = r.queueDeclarePassive("orders").getMessageCount();
            assertTrue(stored > 0, "nothing was stored");
            java.util.concurrent.atomic.AtomicInteger unconfirmedSeen = new java.util.concurrent.atomic.AtomicInteger();
            CountDownLatch all = new CountDownLatch((int) stored);
            r.basicQos(1000);
            r.basicConsume("orders", true, (tag, d) -> {
                if (!acked.contains(Long.parseLong(new String(d.getBody())))) {
                    unconfirmedSeen.incrementAndGet();
                }
                all.countDown();
            }, tag -> { });
            assertTrue(all.await(60, TimeUnit.SECONDS), "not every stored message came back");
            int unconfirmed = unconfirmedSeen.get();
            assertEquals(0, unconfirmed, "stored but never confirmed, of " + stored + " (" + dir + ")");
        }
    }
}
