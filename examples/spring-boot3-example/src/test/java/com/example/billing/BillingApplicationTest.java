package com.example.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warrenmq.testkit.WarrenBroker;
import io.warrenmq.testkit.spring.EmbeddedWarren;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The whole application against a broker in the test's JVM, on Boot 3.5; no spring.rabbitmq property written anywhere. */
@SpringBootTest
@EmbeddedWarren
class BillingApplicationTest {
    @Autowired
    RabbitTemplate template;

    @Autowired
    WarrenBroker broker;

    @Test
    void anInvoiceIsPaid() {
        template.convertAndSend("invoices", "invoice-17");
        assertEquals("paid: invoice-17", template.receiveAndConvert("receipts", 5_000));
    }

    @Test
    void theListenerConsumesFromTheInvoicesQueue() {
        broker.awaitConsumers("invoices", 1, Duration.ofSeconds(5));
        template.convertAndSend("invoices", "invoice-18");
        assertEquals("paid: invoice-18",
                broker.awaitMessages("receipts", 1, Duration.ofSeconds(5)).get(0).text());
    }
}
