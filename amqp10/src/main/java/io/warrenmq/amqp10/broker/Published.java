package io.warrenmq.amqp10.broker;

import io.warrenmq.codec.types.BasicProperties;

/** A 1.0 message as the 0-9-1 side publishes it. */
/** {@code to}: the message's properties.to (where an anonymous-relay link sends it), or null. */
public record Published(BasicProperties properties, byte[] body, String to) {
}
