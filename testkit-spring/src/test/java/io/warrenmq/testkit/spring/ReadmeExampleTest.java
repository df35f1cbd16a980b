package io.warrenmq.testkit.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warrenmq.testkit.WarrenBroker;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The README's Spring Boot example (keep the two alike), with no spring.rabbitmq properties anywhere,
 * and the zero-configuration proof: Boot's connection factory points at the embedded broker.
 */
@SpringBootTest // finds TestApplication, the @SpringBootConfiguration of this package
@EmbeddedWarren
class ReadmeExampleTest {
    @TestConfiguration // in addition to the application, as a real application would declare it
    static class Billing {
        @Bean
        Queue billing() {
            return new Queue("billing");
        }
    }

    @Autowired
    RabbitTemplate template;

    @Autowired
    WarrenBroker broker;

    @Test
    void anOrderReachesBilling() {
        template.convertAndSend("billing", "42");
        assertEquals("42", template.receiveAndConvert("billing", 5000));
    }

    @Test
    void bootConnectsToTheEmbeddedBrokerWithoutAnyProperties(@Autowired RabbitConnectionDetails details,
            @Autowired Environment environment) {
        CachingConnectionFactory factory = (CachingConnectionFactory) template.getConnectionFactory();
        assertEquals(broker.port(), factory.getPort());
        assertEquals("127.0.0.1", factory.getHost());
        assertEquals(WarrenRabbitConnectionDetails.class, details.getClass());
        assertEquals(String.valueOf(broker.port()), environment.getProperty("spring.rabbitmq.port"));
        assertEquals("guest", environment.getProperty("spring.rabbitmq.username"));
        template.convertAndSend("billing", "over the socket");
        assertEquals(1, broker.awaitMessages("billing", 1, java.time.Duration.ofSeconds(5)).size());
    }
}
