package io.warrenmq.management.backend;

import java.util.Map;

/**
 * A message POST /api/exchanges/{vhost}/{name}/publish sends: the payload already decoded from its
 * {@code payload_encoding}, the properties as the request gave them (RabbitMQ's names:
 * {@code delivery_mode}, {@code headers}, {@code content_type}, ...).
 *
 * <p>Immutable by convention: nobody changes the array or the map after construction.
 */
public record OutgoingMessage(String routingKey, byte[] payload, Map<String, Object> properties) {
}
