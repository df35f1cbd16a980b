package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import io.warrenmq.it.crash.BrokerProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18's "out of memory leaves a zombie", in a child JVM with a small heap: a client that
 * declares queues in a loop is refused (406) once the memory alarm is raised, long before the heap
 * is exhausted, and the broker keeps serving; and where memory does run out (the refusal turned
 * off, the alarm set above the heap), {@code -XX:+ExitOnOutOfMemoryError}, which the README's
 * command passes, ends the process with a non-zero status instead of leaving it alive and deaf.
 */
class OutOfMemoryIT {
    /** A bound on the loop, far above what the small heap holds: reaching it means nothing stopped us. */
    private static final int MAX_DECLARES = 400_000;
    private static final String LONG_NAME = "q".repeat(120);

    @TempDir
    Path dir;

    @Test
    void declaringQueuesInALoopIsRefusedByTheMemoryAlarmAndTheBrokerKeepsServing() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dir.resolve("data"), dir.resolve("broker.log"),
                List.of("-Xmx96m", "-XX:+ExitOnOutOfMemoryError"), List.of())) {
            int declared = 0;
            AMQP.Channel.Close refusal = null;
            try (Connection c = broker.connectionFactory().newConnection()) {
                Channel ch = c.createChannel();
                while (refusal == null && declared < MAX_DECLARES) {
                    try {
                        ch.queueDeclare(LONG_NAME + declared, false, false, false, null);
                        declared++;
                    } catch (IOException e) {
                        refusal = (AMQP.Channel.Close) ((ShutdownSignalException) e.getCause()).getReason();
                    } catch (ShutdownSignalException lost) {
                        fail("the broker went away after " + declared + " declares; its log:\n" + broker.logTail());
                    }
                }
            }
            if (refusal == null) {
                fail("no refusal after " + declared + " declares on a 96 MB heap");
            }
            assertEquals(406, refusal.getReplyCode());
            assertTrue(refusal.getReplyText().contains("the memory alarm is in effect"), refusal.getReplyText());
            assertTrue(declared > 100, "the alarm is not raised by an idle broker: " + declared + " declared");
            // the broker is not a zombie: a new connection gets its handshake and works
            try (Connection after = broker.connectionFactory().newConnection()) {
                after.createChannel().queueDeclarePassive(LONG_NAME + 0);
            }
            assertTrue(broker.isAlive());
            assertTrue(broker.logText().contains("memory resource limit alarm set"), broker.logTail());
        }
    }

    @Test
    void anOutOfMemoryErrorEndsTheProcessWithANonZeroStatus() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dir.resolve("data"), dir.resolve("broker.log"),
                List.of("-Xmx64m", "-XX:+ExitOnOutOfMemoryError"),
                List.of("--warren.memory_alarm.refuse_declares=false", "--vm_memory_high_watermark.absolute=8GB"))) {
            int declared = 0;
            try (Connection c = broker.connectionFactory().newConnection()) {
                Channel ch = c.createChannel();
                while (declared < MAX_DECLARES) {
                    ch.queueDeclare(LONG_NAME + declared, false, false, false, null);
                    declared++;
                }
                fail("the 64 MB heap held " + declared + " queues");
            } catch (IOException | ShutdownSignalException connectionLost) {
                // expected: the broker died under the client
            }
            OptionalInt exit = broker.awaitExit(BrokerProcess.DEADLINE);
            assertTrue(exit.isPresent(), "the broker is still running after its OutOfMemoryError");
            assertNotEquals(0, exit.getAsInt());
            assertTrue(broker.logText().contains("Terminating due to java.lang.OutOfMemoryError"), broker.logTail());
        }
    }
}
