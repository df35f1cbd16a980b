package io.warrenmq.testkit.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.config.DirectRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * RabbitAdmin declares the Queue, Exchange and Binding beans; @RabbitListener receives through
 * the simple container (Boot's default factory) and through a direct container factory.
 */
@SpringBootTest(classes = {TestApplication.class, ListenerContainersTest.Config.class})
@EmbeddedWarren
class ListenerContainersTest {
    @Configuration
    static class Config {
        final BlockingQueue<String> simple = new LinkedBlockingQueue<>();
        final BlockingQueue<String> direct = new LinkedBlockingQueue<>();

        @Bean
        TopicExchange orders() {
            return new TopicExchange("orders");
        }

        @Bean
        Queue billing() {
            return new Queue("billing");
        }

        @Bean
        Queue shipping() {
            return new Queue("shipping");
        }

        @Bean
        Binding billingBinding() {
            return BindingBuilder.bind(billing()).to(orders()).with("order.*");
        }

        @Bean
        Binding shippingBinding() {
            return BindingBuilder.bind(shipping()).to(orders()).with("order.shipped");
        }

        @Bean
        static DirectRabbitListenerContainerFactory directFactory(ConnectionFactory connectionFactory) {
            DirectRabbitListenerContainerFactory factory = new DirectRabbitListenerContainerFactory();
            factory.setConnectionFactory(connectionFactory);
            return factory;
        }

        @RabbitListener(id = "billingListener", queues = "billing")
        void billing(String body) {
            simple.add(body);
        }

        @RabbitListener(id = "shippingListener", queues = "shipping", containerFactory = "directFactory")
        void shipping(String body) {
            direct.add(body);
        }
    }

    @Autowired
    RabbitTemplate template;

    @Autowired
    Config config;

    @Autowired
    RabbitListenerEndpointRegistry registry;

    @Test
    void simpleContainerListenerReceivesThroughTheDeclaredBinding() throws Exception {
        assertInstanceOf(SimpleMessageListenerContainer.class, registry.getListenerContainer("billingListener"));
        template.convertAndSend("orders", "order.created", "42");
        assertEquals("42", config.simple.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void directContainerListenerReceivesOnlyItsRoutingKey() throws Exception {
        assertInstanceOf(DirectMessageListenerContainer.class, registry.getListenerContainer("shippingListener"));
        template.convertAndSend("orders", "order.created", "not for shipping");
        template.convertAndSend("orders", "order.shipped", "43");
        assertEquals("43", config.direct.poll(5, TimeUnit.SECONDS));
    }
}
