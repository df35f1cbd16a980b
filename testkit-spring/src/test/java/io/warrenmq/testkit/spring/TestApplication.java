package io.warrenmq.testkit.spring;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** The application the tests boot: auto-configuration only, no component scan (each test adds its own beans). */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestApplication {
}
