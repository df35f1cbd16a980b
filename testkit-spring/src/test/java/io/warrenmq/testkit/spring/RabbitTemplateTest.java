package io.warrenmq.testkit.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warrenmq.testkit.WarrenBroker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** RabbitTemplate against Warren: send and receive, and request/reply over direct reply-to. */
@SpringBootTest(classes = {TestApplication.class, RabbitTemplateTest.Config.class})
@EmbeddedWarren
class RabbitTemplateTest {
    @Configuration
    static class Config {
        final AtomicReference<String> lastReplyTo = new AtomicReference<>();

        @Bean
        Queue plain() {
            return new Queue("template.plain");
        }

        @Bean
        Queue upper() {
            return new Queue("template.upper");
        }

        @RabbitListener(queues = "template.upper")
        String upper(Message request) {
            lastReplyTo.set(request.getMessageProperties().getReplyTo());
            return new String(request.getBody()).toUpperCase();
        }
    }

    @Autowired
    RabbitTemplate template;

    @Autowired
    WarrenBroker broker;

    @Autowired
    Config config;

    @Test
    void convertAndSendThenReceiveAndConvert() {
        template.convertAndSend("template.plain", "hello");
        broker.awaitQueueDepth("template.plain", 1, Duration.ofSeconds(5));
        assertEquals("hello", template.receiveAndConvert("template.plain", 5000));
        assertNull(template.receiveAndConvert("template.plain"));
    }

    @Test
    void convertSendAndReceiveUsesDirectReplyTo() {
        assertEquals("PING", template.convertSendAndReceive("template.upper", "ping"));
        String replyTo = config.lastReplyTo.get();
        assertTrue(replyTo != null && replyTo.startsWith("amq.rabbitmq.reply-to."), "reply-to was " + replyTo);
    }
}
