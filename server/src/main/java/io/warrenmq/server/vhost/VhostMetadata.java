package io.warrenmq.server.vhost;

import java.util.List;

/** What RabbitMQ keeps about a virtual host besides its contents: description, tags, default queue type. */
public record VhostMetadata(String description, List<String> tags, String defaultQueueType) {
    public static final VhostMetadata NONE = new VhostMetadata("", List.of(), "");

    public VhostMetadata {
        description = description == null ? "" : description;
        tags = List.copyOf(tags);
        defaultQueueType = defaultQueueType == null ? "" : defaultQueueType;
    }
}
