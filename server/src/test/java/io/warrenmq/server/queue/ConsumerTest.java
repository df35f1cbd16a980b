package io.warrenmq.server.queue;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A consumer's prefetch checks against the channel-wide credit (RabbitMQ's rabbit_limiter:can_send). */
class ConsumerTest {
    private final EmbeddedChannel loop = new EmbeddedChannel();
    private final TestOwner owner = new TestOwner(loop.eventLoop(), item -> { }, (c, e) -> { });
    private final ChannelCredit credit = new ChannelCredit();

    @AfterEach
    void close() {
        loop.finishAndReleaseAll();
    }

    @Test
    void noAckConsumerIsHeldByAFullChannelWindowButNeverUsesIt() {
        credit.limit(1);
        Consumer noAck = new Consumer("n", null, owner, true, false, 1, credit);
        Consumer manual = new Consumer("m", null, owner, false, false, 0, credit);

        for (int i = 0; i < 10; i++) {
            assertTrue(noAck.canAccept(), "no-ack deliveries take no credit, and its own prefetch does not apply");
            noAck.dispatched();
        }
        assertTrue(credit.available());

        manual.dispatched();
        assertFalse(credit.available());
        assertFalse(noAck.canAccept(), "the channel window is full: no-ack consumers wait too (can_send false)");
        assertFalse(manual.canAccept());
    }

    @Test
    void liftingTheChannelLimitFreesEveryConsumer() {
        credit.limit(1);
        Consumer noAck = new Consumer("n", null, owner, true, false, 0, credit);
        Consumer manual = new Consumer("m", null, owner, false, false, 0, credit);
        manual.dispatched();
        assertFalse(noAck.canAccept());

        credit.limit(0);
        assertTrue(noAck.canAccept());
        assertTrue(manual.canAccept());
        credit.limit(2);
        assertTrue(manual.canAccept(), "the new limit counts the deliveries still unacked: 1 of 2");
        manual.dispatched();
        assertFalse(manual.canAccept());
    }
}
