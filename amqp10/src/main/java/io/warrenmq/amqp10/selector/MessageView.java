package io.warrenmq.amqp10.selector;

/**
 * What a selector reads of a message: the value of an identifier (a JMS header such as
 * {@code JMSPriority}, or a property), as {@link Boolean}, {@link Long} (every integer type),
 * {@link Double} (float and double), {@link String}, or null when the message has none.
 */
@FunctionalInterface
public interface MessageView {
    Object get(String identifier);
}
