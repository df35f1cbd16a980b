package io.warrenmq.it;

import static io.warrenmq.it.Messages.utf8;
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
import io.warrenmq.store.ChannelFactory;
import io.warrenmq.store.ForwardingFileChannel;
import io.warrenmq.store.StoreOptions;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the disk fails under the store (here: every fsync fails, as on a full or broken disk), a
 * persistent message can no longer be confirmed: a confirm-mode publisher gets a basic.nack for
 * it, as RabbitMQ nacks on an internal error, and keeps its channel; a publisher without confirms
 * is told with a 541 connection close. Other connections and in-memory traffic go on.
 */
class StoreFailureIT {
    /** Segment files whose fsync fails once {@link #failing} is set. */
    static final class FailingDisk implements ChannelFactory {
        final AtomicBoolean failing = new AtomicBoolean();

        @Override
        public FileChannel open(Path path, OpenOption... options) throws IOException {
            FileChannel real = FileChannel.open(path, options);
            if (!Set.of(options).contains(StandardOpenOption.WRITE)) {
                return real;
            }
            return new ForwardingFileChannel(real) {
                @Override
                public void force(boolean metaData) throws IOException {
                    if (failing.get()) {
                        throw new IOException("No space left on device (simulated)");
                    }
                    super.force(metaData);
                }
            };
        }
    }

    @TempDir
    Path dataDir;
    private final FailingDisk disk = new FailingDisk();
    private Broker broker;
    private ConnectionFactory factory;

    @BeforeEach
    void start() {
        broker = new Broker(BrokerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dataDir),
                StoreOptions.defaults().withChannelFactory(disk)).start();
        factory = EmbeddedBroker.clientFactory(broker.port());
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void aConfirmModePublisherGetsANackAndKeepsItsChannel() throws Exception {
        try (Connection connection = factory.newConnection()) {
            Channel channel = connection.createChannel();
            String queue = EmbeddedBroker.uniqueName("durable");
            channel.queueDeclare(queue, true, false, false, null);
            channel.confirmSelect();
            channel.basicPublish("", queue, MessageProperties.PERSISTENT_BASIC, utf8("before"));
            assertTrue(channel.waitForConfirms(30_000), "stored while the disk works: ack");

            disk.failing.set(true);
            channel.basicPublish("", queue, MessageProperties.PERSISTENT_BASIC, utf8("after"));
            assertFalse(channel.waitForConfirms(30_000), "the store failed: nack");
            assertTrue(channel.isOpen());

            // transient traffic on a transient queue still flows, on this and on other connections
            String transientQueue = channel.queueDeclare().getQueue();
            channel.basicPublish("", transientQueue, null, utf8("in memory"));
            assertTrue(channel.waitForConfirms(30_000));
            assertEquals("in memory", Messages.text(Messages.getEventually(channel, transientQueue, true).getBody()));
            try (Connection other = factory.newConnection()) {
                Channel o = other.createChannel();
                String q = o.queueDeclare().getQueue();
                o.basicPublish("", q, null, utf8("x"));
                assertEquals("x", Messages.text(Messages.getEventually(o, q, true).getBody()));
            }
        }
    }

    @Test
    void aPublisherWithoutConfirmsIsClosedWith541AndOthersAreNot() throws Exception {
        try (Connection bystander = factory.newConnection()) {
            Channel b = bystander.createChannel();
            String q = b.queueDeclare().getQueue();
            Connection publisher = factory.newConnection();
            AtomicReference<ShutdownSignalException> closed = new AtomicReference<>();
            publisher.addShutdownListener(closed::set);
            Channel channel = publisher.createChannel();
            String queue = EmbeddedBroker.uniqueName("durable");
            channel.queueDeclare(queue, true, false, false, null);

            disk.failing.set(true);
            channel.basicPublish("", queue, MessageProperties.PERSISTENT_BASIC, utf8("lost"));
            Await.until("the publisher's connection closed", () -> closed.get() != null);
            AMQP.Connection.Close close = (AMQP.Connection.Close) closed.get().getReason();
            assertEquals(AMQP.INTERNAL_ERROR, close.getReplyCode());
            assertTrue(close.getReplyText().contains("message store failed"), close.getReplyText());

            b.basicPublish("", q, null, utf8("still here"));
            assertEquals("still here", Messages.text(Messages.getEventually(b, q, true).getBody()));
        }
    }
}
