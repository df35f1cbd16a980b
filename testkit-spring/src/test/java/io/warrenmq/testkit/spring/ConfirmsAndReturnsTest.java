package io.warrenmq.testkit.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.ReturnedMessage;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Correlated publisher confirms and a mandatory publish returned with 312 NO_ROUTE. */
@SpringBootTest(classes = {TestApplication.class, ConfirmsAndReturnsTest.Config.class}, properties = {
        "spring.rabbitmq.publisher-confirm-type=correlated", "spring.rabbitmq.publisher-returns=true",
        "spring.rabbitmq.template.mandatory=true"})
@EmbeddedWarren
class ConfirmsAndReturnsTest {
    @Configuration
    static class Config {
        @Bean
        Queue confirmed() {
            return new Queue("confirmed");
        }
    }

    @Autowired
    RabbitTemplate template;

    @Test
    void aRoutedPublishIsConfirmedWithItsCorrelationData() throws Exception {
        CorrelationData correlation = new CorrelationData("order-1");
        template.convertAndSend("", "confirmed", "42", correlation);
        CorrelationData.Confirm confirm = correlation.getFuture().get(5, TimeUnit.SECONDS);
        assertTrue(confirm.ack(), "nacked: " + confirm.reason());
        assertNull(correlation.getReturned());
    }

    @Test
    void anUnroutableMandatoryPublishIsReturnedThenConfirmed() throws Exception {
        CorrelationData correlation = new CorrelationData("order-2");
        template.convertAndSend("amq.direct", "nobody.listens", "lost", correlation);
        assertTrue(correlation.getFuture().get(5, TimeUnit.SECONDS).ack());
        ReturnedMessage returned = correlation.getReturned();
        assertNotNull(returned, "no basic.return before the confirm");
        assertEquals(312, returned.getReplyCode());
        assertEquals("NO_ROUTE", returned.getReplyText());
        assertEquals("nobody.listens", returned.getRoutingKey());
        assertEquals("lost", new String(returned.getMessage().getBody()));
    }
}
