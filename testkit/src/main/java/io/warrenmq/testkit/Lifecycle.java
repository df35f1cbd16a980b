package io.warrenmq.testkit;

/**
 * How long one broker of the {@link WarrenExtension} lives.
 *
 * <ul>
 *   <li>{@link #PER_CLASS} (the default): started before the class's first test, stopped after its
 *       last; {@link WarrenBroker#reset()} runs after each test unless turned off.
 *   <li>{@link #PER_METHOD}: a new broker for every test, stopped after it (no reset needed).
 *   <li>{@link #PER_RUN}: one broker per JVM and configuration, shared by every class that asks for
 *       the same settings, stopped when the test run ends; reset after each test and when a class
 *       starts using it.
 * </ul>
 */
public enum Lifecycle {
    PER_METHOD,
    PER_CLASS,
    PER_RUN
}
