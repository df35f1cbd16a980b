package io.warrenmq.testkit;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.warrenmq.server.BrokerConfig;
import io.warrenmq.testkit.journal.MessageJournal;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The JUnit 5 extension behind {@link WarrenTest @WarrenTest}: starts an in-process Warren broker
 * for a class (by default), for each test, or once per JVM run, and injects it.
 *
 * <p>Registered by {@code @WarrenTest}, it takes its settings from the annotation. Registered in
 * code, it takes them from the builder methods, each of which returns a new extension:
 * <pre>{@code
 * @RegisterExtension
 * static WarrenExtension warren = WarrenExtension.withTopology(Topology.builder().queue("orders").build())
 *         .lifecycle(Lifecycle.PER_RUN);
 * }</pre>
 * Register it on a {@code static} field for PER_CLASS and PER_RUN; on an instance field only the
 * per-test callbacks run, so the broker is started for each test.
 *
 * <p>Per test it closes the connections the test opened through the {@link WarrenBroker} (its
 * factories, {@code Connection} and {@code Channel} parameters) and then, for PER_CLASS and
 * PER_RUN with {@code resetBetweenTests}, calls {@link WarrenBroker#reset()}.
 *
 * <p>Thread-safety: the broker handles live in JUnit's extension stores; {@link #broker()} is a
 * convenience for sequential tests (inject the {@link WarrenBroker} in parallel runs).
 */
public final class WarrenExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(WarrenExtension.class);
    private static final String KEY = "broker";

    /** Null when {@code @WarrenTest} created this extension: the annotation has the settings. */
    private final WarrenSettings explicit;
    private volatile WarrenBroker last;

    /** With the settings of the class's {@code @WarrenTest}, or the defaults if there is none. */
    public WarrenExtension() {
        this(null);
    }

    private WarrenExtension(WarrenSettings settings) {
        this.explicit = settings;
    }

    /** An extension whose broker holds {@code topology} at start and after every reset. */
    public static WarrenExtension withTopology(Topology topology) {
        return new WarrenExtension(WarrenSettings.DEFAULTS.withTopology(Objects.requireNonNull(topology)));
    }

    private WarrenSettings base() {
        return explicit == null ? WarrenSettings.DEFAULTS : explicit;
    }

    /** The same extension with another topology. */
    public WarrenExtension topology(Topology topology) {
        return new WarrenExtension(base().withTopology(Objects.requireNonNull(topology)));
    }

    public WarrenExtension lifecycle(Lifecycle lifecycle) {
        return new WarrenExtension(base().withLifecycle(Objects.requireNonNull(lifecycle)));
    }

    /** Definitions files ({@code classpath:...} or paths) imported before the topology, in order. */
    public WarrenExtension definitions(String... locations) {
        return new WarrenExtension(base().withDefinitions(List.of(locations)));
    }

    /** Whether to start the management HTTP API (on 127.0.0.1 and a free port); off by default. */
    public WarrenExtension management(boolean on) {
        return new WarrenExtension(base().withManagement(on));
    }

    /** Whether to reset the broker after each test (PER_CLASS, PER_RUN); on by default. */
    public WarrenExtension resetBetweenTests(boolean on) {
        return new WarrenExtension(base().withResetBetweenTests(on));
    }

    /** Whether the broker keeps a journal ({@link WarrenBroker#journal()}); on by default. */
    public WarrenExtension journal(boolean on) {
        return new WarrenExtension(base().withJournalCapacity(on ? MessageJournal.DEFAULT_CAPACITY : 0));
    }

    /** A journal keeping this many publishes, arrivals and deliveries (each); 0 turns it off. */
    public WarrenExtension journalCapacity(int capacity) {
        return new WarrenExtension(base().withJournalCapacity(capacity));
    }

    /**
     * Whether queues neither durable nor exclusive may be declared (true by default); false refuses
     * them as RabbitMQ 4.3 does ({@code deprecated_features.permit.transient_nonexcl_queues = false}).
     */
    public WarrenExtension permitTransientNonExclusiveQueues(boolean permit) {
        return new WarrenExtension(base().withPermitTransientNonExclusiveQueues(permit));
    }

    /**
     * Whether the broker runs on a virtual clock that only {@link WarrenBroker#clock()} moves (TTL,
     * x-expires, consumer timeout, heartbeats); off by default.
     */
    public WarrenExtension virtualClock(boolean on) {
        return new WarrenExtension(base().withVirtualClock(on));
    }

    /**
     * Changes the broker's configuration after the testkit's (127.0.0.1, port 0, in memory, one
     * event loop), e.g. {@code c -> c.withHeartbeat(1).withConsumerTimeout(500)}.
     */
    public WarrenExtension configure(UnaryOperator<BrokerConfig> change) {
        return new WarrenExtension(base().withConfig(Objects.requireNonNull(change)));
    }

    /** The broker this extension started or joined last; null before. Prefer parameter injection. */
    public WarrenBroker broker() {
        return last;
    }

    // ---- Callbacks -------------------------------------------------------------------------

    /**
     * An extension that {@code @WarrenTest} created stands aside when the class also registers one
     * in a field: the field's settings win, and parameters have one resolver.
     */
    private boolean standsAside(ExtensionContext context) {
        Object instance = context.getTestInstance().orElse(null);
        for (Class<?> c = context.getTestClass().orElse(null); c != null; c = c.getEnclosingClass()) {
            for (Field f : AnnotationSupport.findAnnotatedFields(c, RegisterExtension.class,
                    f -> WarrenExtension.class.isAssignableFrom(f.getType()))) {
                boolean isStatic = Modifier.isStatic(f.getModifiers());
                // an instance field's extension is registered only once there is an instance
                Object value = isStatic || (instance != null && f.getDeclaringClass().isInstance(instance))
                        ? ReflectionSupport.tryToReadFieldValue(f, isStatic ? null : instance).toOptional().orElse(null)
                        : null;
                if (value != this) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (standsAside(context)) {
            return;
        }
        WarrenSettings s = settings(context);
        if (s.lifecycle() == Lifecycle.PER_RUN && s.resetBetweenTests()) {
            Holder shared = context.getRoot().getStore(NAMESPACE).get(s, Holder.class);
            if (shared != null) {
                shared.handle.reset(); // a class joining a shared broker starts from the declared state
                last = shared.handle;
                return;
            }
        }
        if (s.lifecycle() != Lifecycle.PER_METHOD) {
            broker(context, s);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (standsAside(context)) {
            return;
        }
        broker(context, settings(context)).handle.beginTest();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (standsAside(context)) {
            return;
        }
        WarrenSettings s = settings(context);
        Holder holder = existing(context, s);
        if (holder == null) {
            return;
        }
        holder.handle.endTest();
        if (holder.scope != Lifecycle.PER_METHOD && s.resetBetweenTests()) {
            holder.handle.reset();
        }
    }

    // ---- Parameters ------------------------------------------------------------------------

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
        if (standsAside(ec)) {
            return false;
        }
        Parameter p = pc.getParameter();
        Class<?> type = p.getType();
        if (type == WarrenBroker.class || type == ConnectionFactory.class || type == Connection.class
                || type == Channel.class) {
            return true;
        }
        if (pc.isAnnotated(WarrenPort.class)) {
            return type == int.class || type == Integer.class;
        }
        if (pc.isAnnotated(AmqpUri.class) || pc.isAnnotated(ManagementUri.class)) {
            return type == URI.class || type == String.class;
        }
        return false;
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
        WarrenSettings s = settings(ec);
        if (s.lifecycle() == Lifecycle.PER_METHOD && ec.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("a PER_METHOD Warren broker exists only for a test method, not for "
                    + pc.getDeclaringExecutable());
        }
        WarrenBroker b = broker(ec, s).handle;
        Class<?> type = pc.getParameter().getType();
        if (type == WarrenBroker.class) {
            return b;
        }
        if (type == ConnectionFactory.class) {
            return b.connectionFactory();
        }
        if (type == Connection.class) {
            return b.newConnection();
        }
        if (type == Channel.class) {
            try {
                return b.newConnection().createChannel();
            } catch (IOException e) {
                throw new ParameterResolutionException("cannot open a channel: " + e, e);
            }
        }
        if (pc.isAnnotated(WarrenPort.class)) {
            return b.port();
        }
        URI uri = pc.isAnnotated(AmqpUri.class) ? b.amqpUri() : b.managementUri();
        return type == String.class ? uri.toString() : uri;
    }

    // ---- Brokers in the stores -------------------------------------------------------------

    /** The settings: this extension's own, else the nearest {@code @WarrenTest} (also on enclosing classes). */
    private WarrenSettings settings(ExtensionContext context) {
        if (explicit != null) {
            return explicit;
        }
        for (Class<?> c = context.getTestClass().orElse(null); c != null; c = c.getEnclosingClass()) {
            Optional<WarrenTest> a = AnnotationSupport.findAnnotation(c, WarrenTest.class);
            if (a.isPresent()) {
                return WarrenSettings.of(a.get());
            }
        }
        return WarrenSettings.DEFAULTS;
    }

    private static Holder existing(ExtensionContext context, WarrenSettings s) {
        if (s.lifecycle() == Lifecycle.PER_RUN) {
            Holder h = context.getRoot().getStore(NAMESPACE).get(s, Holder.class);
            if (h != null) {
                return h;
            }
        }
        // hierarchical: a method's store sees its class's and an inner class its outer class's
        return context.getStore(NAMESPACE).get(KEY, Holder.class);
    }

    /** The broker for this context, started now if there is none yet. */
    private Holder broker(ExtensionContext context, WarrenSettings s) {
        Holder h = existing(context, s);
        if (h != null) {
            last = h.handle;
            return h;
        }
        ClassLoader loader = context.getTestClass().map(Class::getClassLoader)
                .orElse(Thread.currentThread().getContextClassLoader());
        if (s.lifecycle() == Lifecycle.PER_RUN) {
            h = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(s,
                    k -> new Holder(WarrenBroker.start(s, loader), Lifecycle.PER_RUN), Holder.class);
        } else {
            boolean inTest = context.getTestMethod().isPresent();
            // PER_CLASS started from a test only when the class callbacks did not run (an instance field)
            Lifecycle scope = inTest ? Lifecycle.PER_METHOD : Lifecycle.PER_CLASS;
            h = new Holder(WarrenBroker.start(s, loader), scope);
            context.getStore(NAMESPACE).put(KEY, h);
        }
        last = h.handle;
        return h;
    }

    /**
     * A broker in a store; JUnit closes it with the store's context (class, method or the run).
     * AutoCloseable for JUnit 5.13+, CloseableResource for older ones; closing twice is harmless.
     */
    @SuppressWarnings("deprecation") // why: CloseableResource too, so JUnit before 5.13 also stops the broker
    private static final class Holder implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        final WarrenBroker handle;
        final Lifecycle scope;
        private boolean closed;

        Holder(WarrenBroker handle, Lifecycle scope) {
            this.handle = handle;
            this.scope = scope;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                handle.close();
            }
        }
    }
}
