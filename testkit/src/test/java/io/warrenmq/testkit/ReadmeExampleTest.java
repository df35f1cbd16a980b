package io.warrenmq.testkit;

import static io.warrenmq.testkit.assertj.WarrenAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.Channel;
import io.warrenmq.testkit.journal.PublishedMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's "Testing with Warren" example, as written there (keep the two alike). */
class ReadmeExampleTest {
    @RegisterExtension
    static WarrenExtension warren = WarrenExtension.withTopology(Topology.builder()
            .exchange("orders", "topic").queue("billing").bind("orders", "billing", "order.*").build());

    @Test
    void anOrderReachesBilling(Channel channel, WarrenBroker broker) throws Exception {
        channel.basicPublish("orders", "order.created", null, "42".getBytes());
        assertEquals("42", broker.awaitMessages("billing", 1, Duration.ofSeconds(5)).get(0).text());
    }

    @Test
    void theJournalSaysWhereItWent(Channel channel, WarrenBroker broker) throws Exception {
        channel.basicPublish("orders", "order.created", null, "42".getBytes());
        PublishedMessage m = broker.journal().awaitPublished("orders", "order.created", Duration.ofSeconds(5));
        assertEquals(List.of("billing"), m.queues());
        assertEquals("42", broker.journal().awaitReceived("billing", 1, Duration.ofSeconds(5)).get(0).text());
    }

    @Test
    void assertJAssertionsSayWhatIsThere(Channel channel, WarrenBroker broker) throws Exception {
        channel.basicPublish("orders", "order.created", null, "42".getBytes());
        broker.journal().awaitPublished("orders", "order.created", Duration.ofSeconds(5));
        assertThat(broker.journal()).hasPublished("orders", "order.created").hasBodyText("42").reachedQueues("billing");
        assertThat(broker).queue("billing").hasDepth(1).hasConsumers(0);
    }
}
