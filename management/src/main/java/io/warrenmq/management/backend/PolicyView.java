package io.warrenmq.management.backend;

import java.util.Map;

/**
 * A policy or operator policy as the API shows it ({@code rabbit_mgmt_format}'s policy: name,
 * vhost, pattern, apply-to, definition, priority). The definition keeps its values' types.
 * Immutable.
 */
public record PolicyView(String vhost, String name, String pattern, String applyTo, int priority,
        Map<String, Object> definition, boolean operator) {
    public PolicyView {
        definition = Map.copyOf(definition);
    }
}
