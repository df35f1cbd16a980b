package io.warrenmq.testkit.spring;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.verify;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.test.RabbitListenerTest;
import org.springframework.amqp.rabbit.test.RabbitListenerTestHarness;
import org.springframework.amqp.rabbit.test.mockito.LatchCountDownAndCallRealMethodAnswer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** spring-rabbit-test's @RabbitListenerTest spy sees a listener called by a delivery from Warren. */
@SpringBootTest(classes = {TestApplication.class, ListenerHarnessTest.Config.class})
@EmbeddedWarren
class ListenerHarnessTest {
    @Configuration
    @RabbitListenerTest(spy = true, capture = false)
    static class Config {
        @Bean
        Queue greetings() {
            return new Queue("greetings");
        }

        @Bean
        Greeter greeter() {
            return new Greeter();
        }
    }

    static class Greeter {
        @RabbitListener(id = "greeter", queues = "greetings")
        public void greet(String name) {
        }
    }

    @Autowired
    RabbitListenerTestHarness harness;

    @Autowired
    RabbitTemplate template;

    @Test
    void theSpyIsCalledWithTheMessage() throws Exception {
        Greeter spy = harness.getSpy("greeter");
        LatchCountDownAndCallRealMethodAnswer answer = harness.getLatchAnswerFor("greeter", 1);
        doAnswer(answer).when(spy).greet(anyString());
        template.convertAndSend("greetings", "warren");
        assertTrue(answer.await(5), "the listener was not called");
        verify(spy).greet("warren");
    }
}
