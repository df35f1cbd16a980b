package io.warrenmq.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class against an in-process Warren broker: in memory, on 127.0.0.1 and
 * a free port, management HTTP off unless asked for. Test methods, constructors and lifecycle
 * methods can take a {@link WarrenBroker}, a {@code com.rabbitmq.client.ConnectionFactory}, a
 * {@code Connection} or {@code Channel} (closed after the test), a {@link AmqpUri @AmqpUri URI},
 * a {@link ManagementUri @ManagementUri URI} and a {@link WarrenPort @WarrenPort int}.
 *
 * <p>For a topology built in code, register the extension yourself instead:
 * {@code @RegisterExtension static WarrenExtension warren = WarrenExtension.withTopology(...)};
 * if a class has both, the field's extension runs and this annotation's stands aside.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(WarrenExtension.class)
public @interface WarrenTest {
    /** How long one broker lives; one per class by default. */
    Lifecycle lifecycle() default Lifecycle.PER_CLASS;

    /**
     * RabbitMQ definitions files (the {@code /api/definitions} format) imported at start and again by
     * every reset: {@code classpath:defs.json} or a file path. Imported in the order given.
     */
    String[] definitions() default {};

    /** Whether to start the management HTTP API (on 127.0.0.1 and a free port); off by default. */
    boolean management() default false;

    /**
     * Whether {@link WarrenBroker#reset()} runs after each test (PER_CLASS and PER_RUN; a PER_METHOD
     * broker is new for every test anyway).
     */
    boolean resetBetweenTests() default true;

    /**
     * Whether the broker keeps a journal of what was published, received and delivered
     * ({@link WarrenBroker#journal()}); on by default.
     */
    boolean journal() default true;

    /** How many publishes, queue arrivals and deliveries the journal keeps (each; the oldest go first). */
    int journalCapacity() default io.warrenmq.testkit.journal.MessageJournal.DEFAULT_CAPACITY;

    /**
     * Whether a queue that is neither durable nor exclusive may be declared. True by default, as in
     * RabbitMQ up to 4.2; false refuses it as RabbitMQ 4.3 does by default (541 INTERNAL_ERROR
     * closing the connection), to check that code is ready for 4.3.
     */
    boolean permitTransientNonExclusiveQueues() default true;

    /**
     * Whether the broker runs on a {@link io.warrenmq.server.clock.VirtualClock}: message TTL, queue
     * {@code x-expires}, the consumer timeout and heartbeat timeouts then move only with
     * {@link WarrenBroker#clock()}{@code .advance(Duration)}. Off (the system clock) by default.
     */
    boolean virtualClock() default false;
}
