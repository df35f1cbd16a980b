package io.warrenmq.it;

import static io.warrenmq.it.AmqpAssertions.expectChannelError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import io.warrenmq.server.Broker;
import io.warrenmq.server.BrokerConfig;
import io.warrenmq.server.limits.NodeLimits;
import io.warrenmq.server.vhost.VhostMetadata;
import io.warrenmq.auth.Permissions;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node-wide limits (NodeLimits): RabbitMQ's {@code connection_max} and
 * {@code cluster_queue_limit} with its refusal codes and texts, Warren's refusal of new queues and
 * exchanges while the memory alarm is in effect (so a client declaring in a loop cannot exhaust the
 * heap), and the socket budget that keeps a real client able to get in while unfinished handshakes
 * hold every socket the budget allows.
 */
class NodeLimitsIT {
    @TempDir
    Path dataDir;

    private Broker start(NodeLimits limits) {
        return new Broker(BrokerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dataDir)
                .withNodeLimits(limits)).start();
    }

    private static ConnectionFactory factory(Broker broker) {
        return EmbeddedBroker.clientFactory(broker.port());
    }

    @Test
    void connectionMaxRefusesTheNextOpenWith530UntilOneCloses() throws Exception {
        try (Broker broker = start(NodeLimits.DEFAULTS.withConnectionMax(2))) {
            ConnectionFactory f = factory(broker);
            Connection first = f.newConnection();
            Connection second = f.newConnection();
            IOException refused = assertThrows(IOException.class, f::newConnection);
            ShutdownSignalException signal = assertInstanceOf(ShutdownSignalException.class, refused.getCause());
            AMQP.Connection.Close close = (AMQP.Connection.Close) signal.getReason();
            assertEquals(530, close.getReplyCode());
            assertEquals("NOT_ALLOWED - connection refused: node connection limit (2) is reached",
                    close.getReplyText());
            assertTrue(second.isOpen(), "the open connections are untouched");

            first.close();
            Await.until("the closed connection leaves the count",
                    () -> broker.connectionRegistry().all().size() == 1);
            Connection third = f.newConnection();
            assertTrue(third.isOpen());
            third.close();
            second.close();
        }
    }

    @Test
    void clusterQueueLimitCountsQueuesInEveryVhost() throws Exception {
        try (Broker broker = start(NodeLimits.DEFAULTS.withClusterQueueLimit(2))) {
            broker.vhosts().create("other", VhostMetadata.NONE);
            broker.users().setPermissions("guest", "other", Permissions.FULL);
            ConnectionFactory f = factory(broker);
            try (Connection c = f.newConnection()) {
                c.createChannel().queueDeclare("in-root", false, false, false, null);
                f.setVirtualHost("other");
                try (Connection o = f.newConnection()) {
                    Channel ch = o.createChannel();
                    ch.queueDeclare("in-other", false, false, false, null);
                    AMQP.Channel.Close close = expectChannelError(406,
                            () -> ch.queueDeclare("one-too-many", false, false, false, null));
                    assertEquals("PRECONDITION_FAILED - cannot declare queue 'one-too-many': queue limit in cluster "
                            + "(2) is reached", close.getReplyText());
                    Channel again = o.createChannel();
                    again.queueDeclare("in-other", false, false, false, null); // a redeclare is not a new queue
                    again.queueDelete("in-other");
                    again.queueDeclare("after-delete", false, false, false, null);
                }
            }
        }
    }

    @Test
    void whileTheMemoryAlarmIsInEffectNewQueuesAndExchangesAreRefusedAndExistingOnesRedeclared() throws Exception {
        try (Broker broker = start(NodeLimits.DEFAULTS)) {
            try (Connection c = factory(broker).newConnection()) {
                Channel ch = c.createChannel();
                ch.queueDeclare("before-alarm", true, false, false, null);
                ch.exchangeDeclare("x-before-alarm", "direct", true);

                broker.alarms().setMemoryHighWatermarkAbsolute(1); // every byte in use is over it
                Await.until("the memory alarm is raised", () -> broker.alarms().memoryAlarm());

                Channel during = c.createChannel();
                during.queueDeclare("before-alarm", true, false, false, null);
                during.exchangeDeclare("x-before-alarm", "direct", true);
                AMQP.Channel.Close queue = expectChannelError(406,
                        () -> during.queueDeclare("during-alarm", true, false, false, null));
                assertEquals("PRECONDITION_FAILED - cannot declare queue 'during-alarm' in vhost '/': the memory "
                        + "alarm is in effect", queue.getReplyText());
                Channel exchange = c.createChannel();
                AMQP.Channel.Close x = expectChannelError(406,
                        () -> exchange.exchangeDeclare("x-during-alarm", "fanout", false));
                assertTrue(x.getReplyText().contains("cannot declare exchange 'x-during-alarm'"), x.getReplyText());
                Channel serverNamed = c.createChannel();
                expectChannelError(406, () -> serverNamed.queueDeclare());
                assertTrue(c.isOpen(), "refusals are channel errors");

                broker.alarms().setMemoryHighWatermark(0.4);
                Await.until("the memory alarm is cleared", () -> !broker.alarms().memoryAlarm());
                Channel after = c.createChannel();
                after.queueDeclare("after-alarm", true, false, false, null);
                after.exchangeDeclare("x-after-alarm", "fanout", false);
            }
        }
    }

    @Test
    void theRefusalUnderTheMemoryAlarmCanBeTurnedOff() throws Exception {
        try (Broker broker = start(NodeLimits.DEFAULTS.withRefuseDeclaresOnMemoryAlarm(false))) {
            broker.alarms().setMemoryHighWatermarkAbsolute(1);
            Await.until("the memory alarm is raised", () -> broker.alarms().memoryAlarm());
            try (Connection c = factory(broker).newConnection()) {
                c.createChannel().queueDeclare("declared-anyway", false, false, false, null);
            }
        }
    }

    @Test
    void atTheSocketLimitTheOldestUnfinishedHandshakesMakeRoomForARealClient() throws Exception {
        try (Broker broker = start(NodeLimits.DEFAULTS.withSocketLimit(20))) {
            List<Socket> silent = new ArrayList<>();
            try {
                for (int i = 0; i < 40; i++) {
                    silent.add(new Socket("127.0.0.1", broker.port())); // sends nothing, ever
                }
                try (Connection real = factory(broker).newConnection()) {
                    assertTrue(real.isOpen(), "a real client gets in although silent sockets filled the budget");
                    real.createChannel().queueDeclare();
                }
                Await.until("the earliest silent sockets were closed by the broker",
                        () -> closedByPeer(silent.get(0)) && closedByPeer(silent.get(1)));
            } finally {
                for (Socket s : silent) {
                    s.close();
                }
            }
        }
    }

    @Test
    void whenOpenConnectionsHoldEverySocketTheNewOneIsClosed() throws Exception {
        try (Broker broker = start(NodeLimits.DEFAULTS.withSocketLimit(3))) {
            ConnectionFactory f = factory(broker);
            List<Connection> open = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    open.add(f.newConnection());
                }
                assertThrows(IOException.class, f::newConnection, "a fourth socket is closed before its handshake");
                for (Connection c : open) {
                    assertTrue(c.isOpen(), "the open connections are untouched");
                }
                open.remove(0).close();
                Await.until("the closed socket leaves the budget", () -> {
                    try {
                        open.add(f.newConnection());
                        return true;
                    } catch (IOException | java.util.concurrent.TimeoutException stillFull) {
                        return false;
                    }
                });
            } finally {
                for (Connection c : open) {
                    c.close();
                }
            }
        }
    }

    /** True once the broker closed {@code s}: a read sees the end of the stream (or a reset). */
    private static boolean closedByPeer(Socket s) {
        try {
            s.setSoTimeout(50);
            return s.getInputStream().read() == -1;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
