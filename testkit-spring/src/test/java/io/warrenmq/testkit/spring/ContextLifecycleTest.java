package io.warrenmq.testkit.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.warrenmq.testkit.WarrenBroker;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.test.context.ContextCustomizer;

/** What the context cache key and the context's close do with the broker, without Boot. */
class ContextLifecycleTest {
    @EmbeddedWarren
    static class Plain {
    }

    static class AlsoPlain extends Plain {
    }

    @EmbeddedWarren(definitions = "classpath:defs.json")
    static class WithDefinitions {
    }

    static class NotAnnotated {
    }

    private final EmbeddedWarrenContextCustomizerFactory factory = new EmbeddedWarrenContextCustomizerFactory();

    @Test
    void equalAttributesMakeEqualCustomizersSoContextsAreShared() {
        ContextCustomizer plain = factory.createContextCustomizer(Plain.class, List.of());
        assertEquals(plain, factory.createContextCustomizer(AlsoPlain.class, List.of()));
        assertEquals(plain.hashCode(), factory.createContextCustomizer(AlsoPlain.class, List.of()).hashCode());
        assertNotEquals(plain, factory.createContextCustomizer(WithDefinitions.class, List.of()));
        assertNull(factory.createContextCustomizer(NotAnnotated.class, List.of()));
    }

    @Test
    void theBrokerStopsWhenTheContextCloses() throws IOException {
        GenericApplicationContext context = new GenericApplicationContext();
        factory.createContextCustomizer(WithDefinitions.class, List.of()).customizeContext(context, null);
        context.refresh();
        WarrenBroker broker = context.getBean(WarrenBroker.class);
        int port = broker.port();
        assertEquals(String.valueOf(port), context.getEnvironment().getProperty("spring.rabbitmq.port"));
        assertEquals(0, broker.queueDepth("from.definitions"), "the definitions file was imported");
        new Socket(broker.host(), port).close();
        context.close();
        assertThrows(ConnectException.class, () -> new Socket(WarrenBroker.HOST, port).close());
    }
}
