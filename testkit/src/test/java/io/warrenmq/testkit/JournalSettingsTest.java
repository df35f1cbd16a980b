package io.warrenmq.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import io.warrenmq.testkit.journal.MessageJournal;
import io.warrenmq.testkit.journal.PublishedMessage;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The journal's settings: its bound, and turning it off. */
class JournalSettingsTest {
    @Nested
    @WarrenTest(journalCapacity = 3)
    class Bounded {
        @Test
        void theJournalKeepsOnlyTheLatestEntries(Channel ch, WarrenBroker broker) throws Exception {
            ch.confirmSelect();
            ch.queueDeclare("bounded", true, false, false, null);
            for (int i = 1; i <= 5; i++) {
                ch.basicPublish("", "bounded", null, ("m" + i).getBytes());
            }
            ch.waitForConfirmsOrDie(5000);
            MessageJournal journal = broker.journal();
            assertEquals(3, journal.capacity());
            assertEquals(List.of("m3", "m4", "m5"), journal.published().stream().map(PublishedMessage::text).toList());
            assertEquals(List.of("m3", "m4", "m5"), journal.received("bounded").stream().map(PublishedMessage::text)
                    .toList());
            assertEquals(4, journal.evicted(), "two publishes and two arrivals pushed out");
        }
    }

    @Nested
    class Off {
        @RegisterExtension
        WarrenExtension off = new WarrenExtension().journal(false);

        @Test
        void aBrokerWithoutAJournalSaysSo(WarrenBroker broker) {
            IllegalStateException e = assertThrows(IllegalStateException.class, broker::journal);
            assertTrue(e.getMessage().startsWith("the journal is off"), e.getMessage());
        }
    }
}
