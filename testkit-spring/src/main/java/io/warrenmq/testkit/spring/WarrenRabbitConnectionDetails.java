package io.warrenmq.testkit.spring;

import io.warrenmq.testkit.WarrenBroker;
import java.util.List;
import org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails;

/**
 * Spring Boot's connection hook pointed at a test broker: with this bean in the context,
 * {@code RabbitAutoConfiguration} does not create its properties-based details.
 *
 * <p>Thread-safety: immutable.
 */
public final class WarrenRabbitConnectionDetails implements RabbitConnectionDetails {
    private final WarrenBroker broker;

    public WarrenRabbitConnectionDetails(WarrenBroker broker) {
        this.broker = broker;
    }

    @Override
    public String getUsername() {
        return broker.username();
    }

    @Override
    public String getPassword() {
        return broker.password();
    }

    @Override
    public String getVirtualHost() {
        return "/";
    }

    @Override
    public List<Address> getAddresses() {
        return List.of(new Address(broker.host(), broker.port()));
    }
}
