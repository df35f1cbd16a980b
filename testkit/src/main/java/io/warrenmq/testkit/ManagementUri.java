package io.warrenmq.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The management API's base URI ({@code http://127.0.0.1:port/api/}), for a {@code java.net.URI} or {@code String} parameter; the API must be on ({@code @WarrenTest(management = true)}). */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ManagementUri {
}
