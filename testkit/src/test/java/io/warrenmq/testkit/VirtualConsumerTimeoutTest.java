package io.warrenmq.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The consumer acknowledgement timeout on a virtual clock, set through the builder. */
class VirtualConsumerTimeoutTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static WarrenExtension warren = WarrenExtension.withTopology(Topology.builder().queue("work").build())
            .virtualClock(true).configure(c -> c.withConsumerTimeout(60_000));

    @Test
    void anUnacknowledgedDeliveryClosesItsChannelWith406AfterTheTimeout(Channel ch, WarrenBroker broker)
            throws Exception {
        BlockingQueue<String> delivered = new ArrayBlockingQueue<>(4);
        CompletableFuture<ShutdownSignalException> closed = new CompletableFuture<>();
        ch.addShutdownListener(closed::complete);
        ch.basicConsume("work", false, new DefaultConsumer(ch) {
            @Override
            public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties p, byte[] body) {
                delivered.add(new String(body, StandardCharsets.UTF_8));
            }
        });
        ch.basicPublish("", "work", null, "never acked".getBytes(StandardCharsets.UTF_8));
        assertEquals("never acked", delivered.poll(WAIT.toSeconds(), TimeUnit.SECONDS));

        // checked every min(timeout / 2, 60 s): at 30 s and 60 s it has not been unacked for more than 60 s
        broker.clock().advance(Duration.ofSeconds(60));
        assertFalse(closed.isDone());
        ch.queueDeclarePassive("work"); // the channel still answers

        broker.clock().advance(Duration.ofSeconds(30));
        ShutdownSignalException why = closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        AMQP.Channel.Close close = (AMQP.Channel.Close) why.getReason();
        assertEquals(406, close.getReplyCode());
        assertTrue(close.getReplyText().startsWith("PRECONDITION_FAILED - delivery acknowledgement on channel 1 "
                + "timed out. Timeout value used: 60000 ms"), close.getReplyText());
        // its delivery went back to the queue
        assertEquals("never acked", broker.awaitMessages("work", 1, WAIT).get(0).text());
    }

    /** Without the option the broker runs on the system clock, and there is nothing to advance. */
    @Test
    void theSystemClockIsTheDefault() {
        WarrenBroker real = WarrenBrokers.start(java.util.List.of(), Topology.empty(), false,
                getClass().getClassLoader());
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, real::clock);
            assertTrue(e.getMessage().contains("virtualClock = true"), e.getMessage());
        } finally {
            real.close();
        }
    }
}
