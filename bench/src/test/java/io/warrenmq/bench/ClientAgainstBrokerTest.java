package io.warrenmq.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.warrenmq.codec.method.BasicMethod;
import io.warrenmq.codec.method.ConfirmMethod;
import io.warrenmq.codec.method.QueueMethod;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.server.Broker;
import io.warrenmq.server.BrokerConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load generator's client against a real in-process broker: counts, not timings. */
class ClientAgainstBrokerTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private Broker broker;
    private EventLoopGroup loops;
    private BrokerAddress address;

    @BeforeEach
    void start() {
        broker = new Broker(BrokerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(null)).start();
        loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        address = BrokerAddress.defaults().withHost("127.0.0.1").withPort(broker.port());
    }

    @AfterEach
    void stop() throws InterruptedException {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        broker.close();
    }

    @Test
    void everyPublishedMessageIsDeliveredToANoAckConsumer() throws Exception {
        ClientConnection consumer = ClientConnection.connect(loops, address).get(10, TimeUnit.SECONDS);
        ClientConnection producer = ClientConnection.connect(loops, address).get(10, TimeUnit.SECONDS);
        consumer.call(new QueueMethod.Declare("q", false, false, false, false, false, FieldTable.EMPTY)).get();
        Receiver receiver = new Receiver(consumer, 0, 0);
        consumer.listen(receiver);
        consumer.call(new BasicMethod.Consume("q", "", false, true, false, false, FieldTable.EMPTY)).get();
        Publisher publisher = new Publisher(producer, "q", 16, false, 0);
        producer.listen(publisher);

        publisher.publish(20_000);
        assertTimeoutPreemptively(LIMIT, () -> receiver.awaitReceived(20_000));

        assertEquals(20_000, publisher.published());
        assertEquals(20_000, receiver.received());
        assertTrue(receiver.latency().count() > 0);
        producer.close().get(10, TimeUnit.SECONDS);
        consumer.close().get(10, TimeUnit.SECONDS);
    }

    @Test
    void confirmsAndMultipleAcksSettleEveryMessageAcrossFrameSplitBodies() throws Exception {
        ClientConnection consumer = ClientConnection.connect(loops, address).get(10, TimeUnit.SECONDS);
        ClientConnection producer = ClientConnection.connect(loops, address).get(10, TimeUnit.SECONDS);
        consumer.call(new QueueMethod.Declare("q", false, true, false, false, false, FieldTable.EMPTY)).get();
        Receiver receiver = new Receiver(consumer, 7, 50);
        consumer.listen(receiver);
        consumer.call(new BasicMethod.Qos(0, 50, false)).get();
        consumer.call(new BasicMethod.Consume("q", "", false, false, false, false, FieldTable.EMPTY)).get();
        producer.call(new ConfirmMethod.Select(false)).get();
        int bodySize = 300_000; // larger than frame-max: three body frames per message
        Publisher publisher = new Publisher(producer, "q", bodySize, true, 20);
        producer.listen(publisher);

        publisher.publish(300);
        assertTimeoutPreemptively(LIMIT, () -> receiver.awaitReceived(300));
        awaitCount(publisher::confirmed, 300);

        assertEquals(300, publisher.published());
        assertEquals(0, publisher.nacked());
        QueueMethod.DeclareOk ok = (QueueMethod.DeclareOk) consumer.call(
                new QueueMethod.Declare("q", true, false, false, false, false, FieldTable.EMPTY)).get();
        assertTrue(ok.messageCount() == 0, "everything was acked, so nothing is ready: " + ok);
        producer.close().get(10, TimeUnit.SECONDS);
        consumer.close().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aBrokerSideChannelErrorFailsTheCallAndTheConnection() throws Exception {
        ClientConnection c = ClientConnection.connect(loops, address).get(10, TimeUnit.SECONDS);
        var reply = c.call(new QueueMethod.Declare("missing", true, false, false, false, false, FieldTable.EMPTY));
        assertTimeoutPreemptively(LIMIT, () -> {
            var e = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                    reply::get);
            assertTrue(e.getCause().getMessage().contains("404"), e.getCause().getMessage());
            c.closed().handle((v, x) -> null).get();
        });
        assertTrue(c.closed().isCompletedExceptionally());
    }

    private static void awaitCount(LongSupplier counter, long target) {
        assertTimeoutPreemptively(LIMIT, () -> {
            while (counter.getAsLong() < target) {
                Thread.sleep(1);
            }
        });
    }
}
