package io.warrenmq.management.backend;

import java.util.List;

/** One virtual host's metadata as the API shows it. Immutable. */
public record VhostView(String name, String description, List<String> tags, String defaultQueueType) {
    public VhostView {
        tags = List.copyOf(tags);
    }
}
