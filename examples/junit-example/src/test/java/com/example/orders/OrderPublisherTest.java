package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Connection;
import io.warrenmq.testkit.Topology;
import io.warrenmq.testkit.WarrenBroker;
import io.warrenmq.testkit.WarrenExtension;
import io.warrenmq.testkit.journal.PublishedMessage;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The publisher against a real broker in the test's JVM: routing, the journal, and a refused publish. */
class OrderPublisherTest {
    @RegisterExtension
    static WarrenExtension warren = WarrenExtension.withTopology(Topology.builder()
            .exchange("orders", "topic")
            .queue("eu-billing")
            .bind("orders", "eu-billing", "order.created.eu")
            .build());

    @Test
    void anEuOrderReachesEuBilling(Connection connection, WarrenBroker broker) throws Exception {
        try (OrderPublisher publisher = new OrderPublisher(connection)) {
            assertTrue(publisher.publish(new Order("o-1", "eu", 1999)));
        }
        assertEquals("{\"id\":\"o-1\",\"region\":\"eu\",\"cents\":1999}",
                broker.awaitMessages("eu-billing", 1, Duration.ofSeconds(5)).get(0).text());
    }

    @Test
    void aUsOrderIsPublishedButReachesNoQueueHere(Connection connection, WarrenBroker broker) throws Exception {
        try (OrderPublisher publisher = new OrderPublisher(connection)) {
            assertTrue(publisher.publish(new Order("o-2", "us", 500)));
        }
        PublishedMessage m = broker.journal().awaitPublished("orders", "order.created.us", Duration.ofSeconds(5));
        assertEquals("application/json", m.properties().getContentType());
        assertEquals(2, m.properties().getDeliveryMode());
        assertTrue(m.queues().isEmpty(), "no queue is bound for us orders: " + m.queues());
    }

    @Test
    void aRefusedOrderIsReportedToTheCaller(Connection connection, WarrenBroker broker) throws Exception {
        broker.faults().nackNextPublishes("eu-billing", 1);
        try (OrderPublisher publisher = new OrderPublisher(connection)) {
            assertFalse(publisher.publish(new Order("o-3", "eu", 700)), "the nack did not reach the caller");
            assertTrue(publisher.publish(new Order("o-4", "eu", 800)));
        }
        assertEquals(1, broker.awaitMessages("eu-billing", 1, Duration.ofSeconds(5)).size());
    }
}
