package io.warrenmq.testkit.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warrenmq.testkit.ReceivedMessage;
import io.warrenmq.testkit.WarrenBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.config.RetryInterceptorBuilder;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.retry.RejectAndDontRequeueRecoverer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Stateless retry, then RejectAndDontRequeueRecoverer: Warren dead-letters the message to the DLQ with x-death. */
@SpringBootTest(classes = {TestApplication.class, RetryDeadLetterTest.Config.class})
@EmbeddedWarren
class RetryDeadLetterTest {
    @Configuration
    static class Config {
        final AtomicInteger attempts = new AtomicInteger();

        @Bean
        Queue work() {
            return QueueBuilder.durable("work").deadLetterExchange("").deadLetterRoutingKey("work.dlq").build();
        }

        @Bean
        Queue deadLetters() {
            return new Queue("work.dlq");
        }

        @Bean
        static SimpleRabbitListenerContainerFactory retrying(ConnectionFactory connectionFactory) {
            SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
            factory.setConnectionFactory(connectionFactory);
            factory.setAdviceChain(RetryInterceptorBuilder.stateless().maxRetries(2).backOffOptions(10, 1.0, 10)
                    .recoverer(new RejectAndDontRequeueRecoverer()).build());
            return factory;
        }

        @RabbitListener(queues = "work", containerFactory = "retrying")
        void fail(String body) {
            attempts.incrementAndGet();
            throw new IllegalStateException("cannot handle " + body);
        }
    }

    @Autowired
    RabbitTemplate template;

    @Autowired
    WarrenBroker broker;

    @Autowired
    Config config;

    @Test
    void aMessageThatKeepsFailingEndsInTheDeadLetterQueue() {
        template.convertAndSend("work", "poison");
        ReceivedMessage dead = broker.awaitMessages("work.dlq", 1, Duration.ofSeconds(10)).get(0);
        assertEquals("poison", dead.text());
        assertEquals(3, config.attempts.get(), "one delivery, two retries");
        @SuppressWarnings("unchecked") // x-death is a list of tables
        List<Map<String, Object>> deaths = (List<Map<String, Object>>) dead.headers().get("x-death");
        assertEquals("rejected", String.valueOf(deaths.get(0).get("reason")));
        assertEquals("work", String.valueOf(deaths.get(0).get("queue")));
        assertEquals(0, broker.queueDepth("work"));
    }
}
