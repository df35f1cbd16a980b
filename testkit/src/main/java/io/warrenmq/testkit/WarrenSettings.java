package io.warrenmq.testkit;

import io.warrenmq.server.BrokerConfig;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What one {@link WarrenExtension} asks for. Records compare by value, so PER_RUN brokers are
 * shared by classes with equal settings (a {@code config} function compares by identity).
 */
record WarrenSettings(Lifecycle lifecycle, List<String> definitions, Topology topology, boolean management,
        boolean resetBetweenTests, UnaryOperator<BrokerConfig> config, boolean virtualClock) {

    static final WarrenSettings DEFAULTS = new WarrenSettings(Lifecycle.PER_CLASS, List.of(), Topology.empty(), false,
            true, UnaryOperator.identity(), false);

    WarrenSettings {
        definitions = List.copyOf(definitions);
    }

    static WarrenSettings of(WarrenTest a) {
        return new WarrenSettings(a.lifecycle(), List.of(a.definitions()), Topology.empty(), a.management(),
                a.resetBetweenTests(), UnaryOperator.identity(), a.virtualClock());
    }

    WarrenSettings withLifecycle(Lifecycle l) {
        return new WarrenSettings(l, definitions, topology, management, resetBetweenTests, config, virtualClock);
    }

    WarrenSettings withDefinitions(List<String> d) {
        return new WarrenSettings(lifecycle, d, topology, management, resetBetweenTests, config, virtualClock);
    }

    WarrenSettings withTopology(Topology t) {
        return new WarrenSettings(lifecycle, definitions, t, management, resetBetweenTests, config, virtualClock);
    }

    WarrenSettings withManagement(boolean on) {
        return new WarrenSettings(lifecycle, definitions, topology, on, resetBetweenTests, config, virtualClock);
    }

    WarrenSettings withResetBetweenTests(boolean on) {
        return new WarrenSettings(lifecycle, definitions, topology, management, on, config, virtualClock);
    }

    WarrenSettings withConfig(UnaryOperator<BrokerConfig> c) {
        return new WarrenSettings(lifecycle, definitions, topology, management, resetBetweenTests, c, virtualClock);
    }

    WarrenSettings withVirtualClock(boolean on) {
        return new WarrenSettings(lifecycle, definitions, topology, management, resetBetweenTests, config, on);
    }
}
