package io.warrenmq.it.adversary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import io.netty.util.internal.PlatformDependent;
import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.it.RawAmqpClient;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Declared sizes are claims, not allocations: many connections claiming huge bodies or frames must not
 * raise the broker's memory (heap, and Netty's direct memory, where the broker's buffers live) by more
 * than a few MB. Measured in-process after GC, before and while the attackers are connected: a memory
 * bound, not a timing one. The bound (64 MB each) is generous: without the limits, one claim alone is
 * 100 MB to 2 GB.
 */
class MemoryBoundIT {
    private static final int ATTACKERS = 200;
    private static final long BOUND = 64L * 1024 * 1024;

    /** Default max_message_size (128 MiB): the claims below it are accepted, and must still cost nothing. */
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    /** Above ?MAX_MSG_SIZE: each is refused at its header with 501, before anything is allocated. */
    @Test
    void twoHundredHeadersClaimingTwoGigabytesEach() throws Exception {
        Bystander bystander = Bystander.join(broker);
        Memory before = Memory.measure();
        List<RawAmqpClient> attackers = attackers(raw -> {
            Attack.publish(raw, 1, "nowhere");
            Attack.header(raw, 1, 2L << 30);
        });
        Memory during = Memory.measure();
        for (RawAmqpClient raw : attackers) {
            assertEquals(AMQP.FRAME_ERROR, raw.expectConnectionClose().replyCode());
        }
        during.assertWithin(before, BOUND, "2 GB content headers");
        bystander.assertUnharmed();
    }

    /** A frame header claiming 2 GB: refused with 501 from the frame header, nothing read into memory. */
    @Test
    void twoHundredFramesClaimingTwoGigabytesEach() throws Exception {
        Bystander bystander = Bystander.join(broker);
        Memory before = Memory.measure();
        List<RawAmqpClient> attackers = attackers(
                raw -> raw.sendFrameHeaderOnly(RawAmqpClient.FRAME_BODY, 1, Integer.MAX_VALUE));
        Memory during = Memory.measure();
        for (RawAmqpClient raw : attackers) {
            assertEquals(AMQP.FRAME_ERROR, raw.expectConnectionClose().replyCode());
        }
        during.assertWithin(before, BOUND, "2 GB frame headers");
        bystander.assertUnharmed();
    }

    /**
     * Under max_message_size, so accepted: 100 MiB declared, one octet sent, and the connections stay
     * there mid-message. The broker must hold what arrived, not what was declared (20 GB in all).
     */
    @Test
    void twoHundredBodiesDeclaredAtOneHundredMegabytesWithOneOctetSent() throws Exception {
        Bystander bystander = Bystander.join(broker);
        Memory before = Memory.measure();
        attackers(raw -> {
            Attack.publish(raw, 1, "nowhere");
            Attack.header(raw, 1, 100L << 20);
            raw.sendFrame(RawAmqpClient.FRAME_BODY, 1, new byte[] {42});
            raw.openChannel(2); // frames are handled in order: once open-ok is back, so was the body frame
        });
        Memory during = Memory.measure(); // all 200 still connected, each mid-message
        during.assertWithin(before, BOUND, "100 MiB bodies, one octet sent");
        bystander.assertUnharmed();
    }

    private interface Step {
        void on(RawAmqpClient raw) throws Exception;
    }

    /** {@link #ATTACKERS} open connections, each having sent what {@code step} sends. */
    private static List<RawAmqpClient> attackers(Step step) throws Exception {
        List<RawAmqpClient> attackers = new ArrayList<>();
        for (int i = 0; i < ATTACKERS; i++) {
            RawAmqpClient raw = attacker();
            step.on(raw);
            attackers.add(raw);
        }
        return attackers;
    }

    private static RawAmqpClient attacker() throws Exception {
        RawAmqpClient raw = broker.newRawClient();
        raw.handshake(0);
        raw.openChannel(1);
        return raw;
    }

    /** Used heap after GC, and Netty's direct memory (-1 when Netty does not count it). */
    private record Memory(long heap, long direct) {
        static Memory measure() {
            MemoryMXBean bean = ManagementFactory.getMemoryMXBean();
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            return new Memory(bean.getHeapMemoryUsage().getUsed(), PlatformDependent.usedDirectMemory());
        }

        void assertWithin(Memory before, long bound, String what) {
            long heapGrowth = heap - before.heap;
            assertTrue(heapGrowth < bound, "heap grew by " + heapGrowth / 1024 + " KB");
            assertTrue(direct >= 0, "Netty counts its direct memory in this JVM");
            long directGrowth = direct - before.direct;
            assertTrue(directGrowth < bound, "Netty direct memory grew by " + directGrowth / 1024 + " KB");
            System.out.printf("MemoryBoundIT %s: heap %+d KB, direct %+d KB%n", what, heapGrowth / 1024, directGrowth / 1024);
        }
    }
}
