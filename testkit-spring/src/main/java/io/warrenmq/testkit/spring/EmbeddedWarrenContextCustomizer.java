package io.warrenmq.testkit.spring;

import io.warrenmq.testkit.Topology;
import io.warrenmq.testkit.WarrenBroker;
import io.warrenmq.testkit.WarrenBrokers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.util.ClassUtils;

/**
 * Starts the broker while the test context is prepared, before it is refreshed. Equal customizers
 * (same definitions and management flag) keep equal context cache keys, so such contexts, and
 * their broker, are shared.
 *
 * <p>The broker is a singleton with a destruction callback registered first, so the bean factory
 * destroys it last: listener containers and connection factories stop while it still runs.
 *
 * <p>Thread-safety: immutable; Spring calls {@link #customizeContext} once per context.
 */
final class EmbeddedWarrenContextCustomizer implements ContextCustomizer {
    static final String BROKER_BEAN = "warrenBroker";
    static final String CONNECTION_DETAILS_BEAN = "warrenRabbitConnectionDetails";
    static final String PROPERTY_SOURCE = "embeddedWarren";
    /** Boot 4's package; absent (Boot 3, plain Spring) means only the properties are set. */
    private static final String CONNECTION_DETAILS_CLASS = "org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails";

    private final List<String> definitions;
    private final boolean management;

    EmbeddedWarrenContextCustomizer(List<String> definitions, boolean management) {
        this.definitions = List.copyOf(definitions);
        this.management = management;
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        ClassLoader loader = context.getClassLoader() != null ? context.getClassLoader()
                : ClassUtils.getDefaultClassLoader();
        WarrenBroker broker = WarrenBrokers.start(definitions, Topology.empty(), management, loader);
        ConfigurableListableBeanFactory beans = context.getBeanFactory();
        beans.registerSingleton(BROKER_BEAN, broker);
        if (beans instanceof DefaultSingletonBeanRegistry registry) {
            registry.registerDisposableBean(BROKER_BEAN, broker::close);
        } else {
            context.addApplicationListener(event -> {
                if (event instanceof ContextClosedEvent) {
                    broker.close();
                }
            });
        }
        if (ClassUtils.isPresent(CONNECTION_DETAILS_CLASS, loader)) {
            beans.registerSingleton(CONNECTION_DETAILS_BEAN, new WarrenRabbitConnectionDetails(broker));
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.rabbitmq.host", broker.host());
        properties.put("spring.rabbitmq.port", broker.port());
        properties.put("spring.rabbitmq.username", broker.username());
        properties.put("spring.rabbitmq.password", broker.password());
        properties.put("spring.rabbitmq.virtual-host", "/");
        // first: the broker in the test wins over an application.properties naming another one
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, properties));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EmbeddedWarrenContextCustomizer other && definitions.equals(other.definitions)
                && management == other.management;
    }

    @Override
    public int hashCode() {
        return Objects.hash(definitions, management);
    }
}
