package io.warrenmq.management.backend;

import java.util.Map;

/** A queue.declare as PUT /api/queues/{vhost}/{name} asks for it (arguments with their JSON types). Immutable. */
public record QueueDeclaration(String name, boolean durable, boolean autoDelete, Map<String, Object> arguments) {
}
