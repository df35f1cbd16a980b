package io.warrenmq.amqp10.broker;

import io.warrenmq.amqp10.selector.MessageView;
import io.warrenmq.codec.types.BasicProperties;
import io.warrenmq.codec.types.FieldValues;
import java.nio.charset.StandardCharsets;

/**
 * A message in its 0-9-1 form as a JMS selector sees it (the mapping of docs/amqp10.md read
 * backwards): JMSDeliveryMode ({@code 'PERSISTENT'} for delivery-mode 2, else
 * {@code 'NON_PERSISTENT'}), JMSPriority (4 when unset), JMSMessageID, JMSCorrelationID,
 * JMSTimestamp (milliseconds, from the 0-9-1 timestamp, which has whole seconds), JMSType (the
 * {@code x-subject} header, i.e. properties.subject), JMSXGroupID (app_id), and every other
 * identifier a header (application properties): integers as Long, float and double as Double,
 * strings and booleans as they are, anything else (bytes, tables, arrays, timestamps) as null.
 *
 * <p>Thread-safety: one per link, pointed at each delivery in turn on the subscriber's loop.
 */
final class JmsMessageView implements MessageView {
    private BasicProperties p;

    /** Points the view at {@code properties} (one view is reused for a link's deliveries). */
    JmsMessageView of(BasicProperties properties) {
        this.p = properties;
        return this;
    }

    @Override
    public Object get(String identifier) {
        if (identifier.startsWith("JMS")) {
            switch (identifier) {
                case "JMSDeliveryMode":
                    return p.deliveryMode() != null && p.deliveryMode() == 2 ? "PERSISTENT" : "NON_PERSISTENT";
                case "JMSPriority":
                    return p.priority() == null ? 4L : (long) p.priority();
                case "JMSMessageID":
                    return p.messageId();
                case "JMSCorrelationID":
                    return p.correlationId();
                case "JMSTimestamp":
                    return p.timestamp() == null ? null : p.timestamp().toEpochMilli();
                case "JMSType":
                    return header(MessageMapping.SUBJECT_HEADER);
                case "JMSXGroupID":
                    return p.appId();
                default:
                    break; // JMSX... and JMS_... are properties
            }
        }
        return header(identifier);
    }

    private Object header(String name) {
        if (p.headers() == null) {
            return null;
        }
        Object v = p.headers().get(name);
        if (v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof FieldValues.UnsignedByte u) {
            return (long) u.value();
        }
        if (v instanceof FieldValues.UnsignedShort u) {
            return (long) u.value();
        }
        if (v instanceof FieldValues.UnsignedInt u) {
            return u.value();
        }
        if (v instanceof byte[] b && name.equals(MessageMapping.SUBJECT_HEADER)) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return null;
    }
}
