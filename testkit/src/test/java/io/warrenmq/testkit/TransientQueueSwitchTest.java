package io.warrenmq.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The RabbitMQ 4.3 switch: transient non-exclusive queues refused, as a test would check its code with it. */
class TransientQueueSwitchTest {
    @Nested
    @WarrenTest(permitTransientNonExclusiveQueues = false)
    class Refused {
        @Test
        void aTransientNonExclusiveDeclareClosesTheConnectionWith541(Connection connection) throws Exception {
            Channel ch = connection.createChannel();
            IOException e = assertThrows(IOException.class, () -> ch.queueDeclare("jobs", false, false, false, null));
            ShutdownSignalException close = (ShutdownSignalException) e.getCause();
            assertTrue(close.isHardError());
            String text = close.getReason().toString();
            assertTrue(text.contains("reply-code=541"), text);
            assertTrue(text.contains("reply-text=INTERNAL_ERROR - Feature `transient_nonexcl_queues` is deprecated."),
                    text);
            assertFalse(connection.isOpen());
        }

        @Test
        void durableAndExclusiveQueuesStillWork(Channel ch, WarrenBroker broker) throws Exception {
            ch.queueDeclare("jobs", true, false, false, null);
            ch.queueDeclare("mine", false, true, true, null);
            assertEquals(0, broker.queueDepth("jobs"));
            assertEquals(0, broker.queueDepth("mine"));
        }
    }

    @Nested
    class PermittedByDefault {
        @RegisterExtension
        WarrenExtension warren = new WarrenExtension();

        @Test
        void aTransientNonExclusiveQueueIsDeclared(Channel ch, WarrenBroker broker) throws Exception {
            ch.queueDeclare("jobs", false, false, false, null);
            assertEquals(0, broker.queueDepth("jobs"));
        }
    }

    @Nested
    class RefusedThroughTheBuilder {
        @RegisterExtension
        WarrenExtension warren = new WarrenExtension().permitTransientNonExclusiveQueues(false);

        @Test
        void theBuilderSettingRefusesItToo(Connection connection, WarrenBroker broker) throws Exception {
            Channel ch = connection.createChannel();
            assertThrows(IOException.class, () -> ch.queueDeclare("jobs", false, false, true, null));
            assertEquals(-1, broker.queueDepth("jobs"), "nothing was created");
        }
    }
}
