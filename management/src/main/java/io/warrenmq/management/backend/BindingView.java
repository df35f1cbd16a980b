package io.warrenmq.management.backend;

import java.util.Map;

/**
 * One binding as the API sees it (rabbit_mgmt_format:binding): source exchange ("" for the
 * default exchange's implicit bindings), destination and its type ("queue" or "exchange"), the
 * routing key and the arguments with their JSON types.
 *
 * <p>Immutable.
 */
public record BindingView(String vhost, String source, String destination, String destinationType,
        String routingKey, Map<String, Object> arguments) {
}
