package io.warrenmq.testkit.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Starts an in-memory Warren broker with the Spring test context of the annotated class, registers
 * it as the {@code WarrenBroker} bean {@code warrenBroker}, contributes a Spring Boot
 * {@code RabbitConnectionDetails} bean pointing at it (Boot's AMQP auto-configuration then ignores
 * {@code spring.rabbitmq.host/port/...}) and sets {@code spring.rabbitmq.host}, {@code port},
 * {@code username}, {@code password} and {@code virtual-host} in the environment.
 *
 * <p>The broker is part of the context's cache key: test classes with the same context
 * configuration and equal attributes share one broker; it stops when the context closes. It is
 * not reset between tests.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface EmbeddedWarren {
    /** Definitions documents imported at start, in order: {@code classpath:defs.json}, {@code file:/path} or a path. */
    String[] definitions() default {};

    /** Whether to start the management HTTP API on 127.0.0.1 and a free port. */
    boolean management() default false;
}
