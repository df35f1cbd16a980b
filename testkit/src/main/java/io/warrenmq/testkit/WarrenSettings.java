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
        boolean permitTransientNonExclusiveQueues, boolean virtualClock) {

    static final WarrenSettings DEFAULTS = new WarrenSettings(Lifecycle.PER_CLASS, List.of(), Topology.empty(), false,
            true, UnaryOperator.identity(), io.warrenmq.testkit.journal.MessageJournal.DEFAULT_CAPACITY, true, false);

    WarrenSettings {
        definitions = List.copyOf(definitions);
        if (journalCapacity < 0) {
            throw new IllegalArgumentException("journalCapacity must be >= 0 (0: no journal), got " + journalCapacity);
        }
    }

    static WarrenSettings of(WarrenTest a) {
        return new WarrenSettings(a.lifecycle(), List.of(a.definitions()), Topology.empty(), a.management(),
                a.resetBetweenTests(), UnaryOperator.identity(), a.journal() ? a.journalCapacity() : 0,
                a.permitTransientNonExclusiveQueues(), a.virtualClock());
    }

    /** A copy with one setting changed: each with* below names which. */
    private WarrenSettings with(Lifecycle l, List<String> d, Topology t, boolean m, boolean r,
            UnaryOperator<BrokerConfig> c, int j, boolean p, boolean v) {
        return new WarrenSettings(l, d, t, m, r, c, j, p, v);
    }

    WarrenSettings withLifecycle(Lifecycle l) {
        return with(l, definitions, topology, management, resetBetweenTests, config, journalCapacity,
                permitTransientNonExclusiveQueues, virtualClock);
    }

    WarrenSettings withDefinitions(List<String> d) {
        return with(lifecycle, d, topology, management, resetBetweenTests, config, journalCapacity,
                permitTransientNonExclusiveQueues, virtualClock);
    }

    WarrenSettings withTopology(Topology t) {
        return with(lifecycle, definitions, t, management, resetBetweenTests, config, journalCapacity,
                permitTransientNonExclusiveQueues, virtualClock);
    }

    WarrenSettings withManagement(boolean on) {
        return with(lifecycle, definitions, topology, on, resetBetweenTests, config, journalCapacity,
                permitTransientNonExclusiveQueues, virtualClock);
    }

    WarrenSettings withResetBetweenTests(boolean on) {
        return with(lifecycle, definitions, topology, management, on, config, journalCapacity,
                permitTransientNonExclusiveQueues, virtualClock);
    }

    WarrenSettings withConfig(UnaryOperator<BrokerConfig> c) {
        return with(lifecycle, definitions, topology, management, resetBetweenTests, c, journalCapacity,
                permitTransientNonExclusiveQueues, virtualClock);
    }

    /** 0: no journal. */
    WarrenSettings withJournalCapacity(int capacity) {
        return with(lifecycle, definitions, topology, management, resetBetweenTests, config, capacity,
                permitTransientNonExclusiveQueues, virtualClock);
    }

    WarrenSettings withPermitTransientNonExclusiveQueues(boolean permit) {
        return with(lifecycle, definitions, topology, management, resetBetweenTests, config, journalCapacity,
                permit, virtualClock);
    }

    WarrenSettings withVirtualClock(boolean on) {
        return with(lifecycle, definitions, topology, management, resetBetweenTests, config, journalCapacity,
                permitTransientNonExclusiveQueues, on);
    }
}
