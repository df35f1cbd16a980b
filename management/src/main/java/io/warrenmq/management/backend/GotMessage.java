package io.warrenmq.management.backend;

import java.util.Map;

/**
 * One message POST /api/queues/{vhost}/{name}/get fetched (a basic.get-ok): the payload as received
 * and the properties in RabbitMQ's JSON form (rabbit_mgmt_format:basic_properties).
 *
 * <p>Immutable by convention.
 */
public record GotMessage(byte[] payload, boolean redelivered, String exchange, String routingKey, long messageCount,
        Map<String, Object> properties) {
}
