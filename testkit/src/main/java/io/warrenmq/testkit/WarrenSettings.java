package io.warrenmq.testkit;

import io.warrenmq.server.BrokerConfig;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What one {@link WarrenExtension} asks for. Records compare by value, so PER_RUN brokers are
 * shared by classes with equal settings (a {@code config} function compares by identity).
 */
record WarrenSettings(Lifecycle lifecycle, List<String> definitions, Topology topology, boolean management,
        boolean resetBetweenTests, UnaryOperator<BrokerConfig> config, int journalCapacity,
        boolean permitTransientNonExclusiveQueues) {

    static final WarrenSettings DEFAULTS = new WarrenSettings(Lifecycle.PER_CLASS, List.of(), Topology.empty(), false,
            true, UnaryOperator.identity(), io.warrenmq.testkit.journal.MessageJournal.DEFAULT_CAPACITY, true);

    WarrenSettings {
        definitions = List.copyOf(definitions);
        if (journalCapacity < 0) {
            throw new IllegalArgumentException("journalCapacity must be >= 0 (0: no journal), got " + journalCapacity);
        }
    }

    static WarrenSettings of(WarrenTest a) {
        return new WarrenSettings(a.lifecycle(), List.of(a.definitions()), Topology.empty(), a.management(),
                a.resetBetweenTests(), UnaryOperator.identity(), a.journal() ? a.journalCapacity() : 0,
                a.permitTransientNonExclusiveQueues());
    }

    WarrenSettings withLifecycle(Lifecycle l) {
        return new WarrenSettings(l, definitions, topology, management, resetBetweenTests, config, journalCapacity,
                permitTransientNonExclusiveQueues);
    }

    WarrenSettings withDefinitions(List<String> d) {
        return new WarrenSettings(lifecycle, d, topology, management, resetBetweenTests, config, journalCapacity,
                permitTransientNonExclusiveQueues);
    }

    WarrenSettings withTopology(Topology t) {
        return new WarrenSettings(lifecycle, definitions, t, management, resetBetweenTests, config, journalCapacity,
                permitTransientNonExclusiveQueues);
    }

    WarrenSettings withManagement(boolean on) {
        return new WarrenSettings(lifecycle, definitions, topology, on, resetBetweenTests, config, journalCapacity,
                permitTransientNonExclusiveQueues);
    }

    WarrenSettings withResetBetweenTests(boolean on) {
        return new WarrenSettings(lifecycle, definitions, topology, management, on, config, journalCapacity,
                permitTransientNonExclusiveQueues);
    }

    WarrenSettings withConfig(UnaryOperator<BrokerConfig> c) {
        return new WarrenSettings(lifecycle, definitions, topology, management, resetBetweenTests, c, journalCapacity,
                permitTransientNonExclusiveQueues);
    }

    /** 0: no journal. */
    WarrenSettings withJournalCapacity(int capacity) {
        return new WarrenSettings(lifecycle, definitions, topology, management, resetBetweenTests, config, capacity,
                permitTransientNonExclusiveQueues);
    }

    WarrenSettings withPermitTransientNonExclusiveQueues(boolean permit) {
        return new WarrenSettings(lifecycle, definitions, topology, management, resetBetweenTests, config,
                journalCapacity, permit);
    }
}
