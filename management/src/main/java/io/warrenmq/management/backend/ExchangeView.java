package io.warrenmq.management.backend;

import java.util.Map;

/**
 * One exchange as the API and the metrics see it (RabbitMQ's field meanings). Filled by the
 * topology adapter; add fields at the end.
 *
 * @param arguments the declare arguments with their JSON types
 * @param policy the applied policy's name, or null
 */
public record ExchangeView(String vhost, String name, String type, boolean durable, boolean autoDelete,
        boolean internal, Map<String, Object> arguments, String policy) {
}
