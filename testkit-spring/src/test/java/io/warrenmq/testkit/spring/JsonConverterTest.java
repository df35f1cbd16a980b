package io.warrenmq.testkit.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warrenmq.testkit.ReceivedMessage;
import io.warrenmq.testkit.WarrenBroker;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Jackson JSON converter (Boot picks up the MessageConverter bean) round trip through Warren. */
@SpringBootTest(classes = {TestApplication.class, JsonConverterTest.Config.class})
@EmbeddedWarren
class JsonConverterTest {
    record Order(String id, int quantity) {
    }

    @Configuration
    static class Config {
        final BlockingQueue<Order> received = new LinkedBlockingQueue<>();

        @Bean
        static MessageConverter json() {
            return new JacksonJsonMessageConverter();
        }

        @Bean
        Queue raw() {
            return new Queue("json.raw");
        }

        @Bean
        Queue typed() {
            return new Queue("json.typed");
        }

        @RabbitListener(queues = "json.typed")
        void order(Order order) {
            received.add(order);
        }
    }

    @Autowired
    RabbitTemplate template;

    @Autowired
    WarrenBroker broker;

    @Autowired
    Config config;

    @Test
    void theWireCarriesJson() {
        template.convertAndSend("json.raw", new Order("o-1", 3));
        ReceivedMessage message = broker.awaitMessages("json.raw", 1, Duration.ofSeconds(5)).get(0);
        assertEquals("application/json", message.properties().getContentType());
        assertTrue(message.text().contains("\"id\":\"o-1\"") && message.text().contains("\"quantity\":3"),
                message.text());
    }

    @Test
    void aListenerGetsTheRecordBack() throws Exception {
        template.convertAndSend("json.typed", new Order("o-2", 5));
        assertEquals(new Order("o-2", 5), config.received.poll(5, TimeUnit.SECONDS));
    }
}
