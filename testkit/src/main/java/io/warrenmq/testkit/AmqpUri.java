package io.warrenmq.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The broker's AMQP URI ({@code amqp://guest:guest@127.0.0.1:port/}), for a {@code java.net.URI} or {@code String} parameter. */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface AmqpUri {
}
