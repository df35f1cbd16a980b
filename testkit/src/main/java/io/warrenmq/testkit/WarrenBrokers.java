package io.warrenmq.testkit;

import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Starts a {@link WarrenBroker} outside JUnit, for integrations that own the broker's lifetime
 * themselves (the Spring test context of {@code warren-testkit-spring}): the same broker the
 * extension starts, with the same definitions loading. The caller closes it.
 *
 * <p>Thread-safety: stateless.
 */
public final class WarrenBrokers {
    private WarrenBrokers() {
    }

    /**
     * Starts an in-memory broker on 127.0.0.1 and a free port, imports the definitions documents
     * ({@code classpath:...}, {@code file:...} or paths, read through {@code resources}) and then the topology.
     */
    public static WarrenBroker start(List<String> definitions, Topology topology, boolean management,
            ClassLoader resources) {
        WarrenSettings settings = WarrenSettings.DEFAULTS.withDefinitions(definitions)
                .withTopology(Objects.requireNonNull(topology)).withManagement(management)
                .withConfig(UnaryOperator.identity());
        return WarrenBroker.start(settings, resources);
    }
}
