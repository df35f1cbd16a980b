package io.warrenmq.management.backend;

import java.util.Map;

/** An exchange.declare as PUT /api/exchanges/{vhost}/{name} asks for it. Immutable. */
public record ExchangeDeclaration(String name, String type, boolean durable, boolean autoDelete, boolean internal,
        Map<String, Object> arguments) {
}
