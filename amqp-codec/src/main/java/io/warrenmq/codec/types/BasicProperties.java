package io.warrenmq.codec.types;

import io.netty.buffer.ByteBuf;
import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.ReplyCode;
import java.time.Instant;

/**
 * The 14 content-header properties of class {@code basic}; {@code null} means the property-flag bit is
 * clear (absent).
 *
 * <p>Wire form: one or more 16-bit property-flags words (bit 15 is the first property, bit 0 says another
 * flags word follows), then each present property in order. Spec: 4.2.6.1 "Property Lists" and the
 * {@code basic} class field list in amqp0-9-1.xml.
 *
 * <p>Thread-safety: immutable record (the headers table is immutable too).
 */
public record BasicProperties(String contentType, String contentEncoding, FieldTable headers, Integer deliveryMode,
        Integer priority, String correlationId, String replyTo, String expiration, String messageId,
        Instant timestamp, String type, String userId, String appId, String clusterId) {

    /** No properties at all (flags word 0). */
    public static final BasicProperties EMPTY =
            new BasicProperties(null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    private static final int CONTENT_TYPE = 1 << 15;
    private static final int CONTENT_ENCODING = 1 << 14;
    private static final int HEADERS = 1 << 13;
    private static final int DELIVERY_MODE = 1 << 12;
    private static final int PRIORITY = 1 << 11;
    private static final int CORRELATION_ID = 1 << 10;
    private static final int REPLY_TO = 1 << 9;
    private static final int EXPIRATION = 1 << 8;
    private static final int MESSAGE_ID = 1 << 7;
    private static final int TIMESTAMP = 1 << 6;
    private static final int TYPE = 1 << 5;
    private static final int USER_ID = 1 << 4;
    private static final int APP_ID = 1 << 3;
    private static final int CLUSTER_ID = 1 << 2;
    private static final int CONTINUATION = 1;

    public BasicProperties {
        checkOctet("delivery-mode", deliveryMode);
        checkOctet("priority", priority);
        if (timestamp != null && timestamp.getNano() != 0) {
            timestamp = Instant.ofEpochSecond(timestamp.getEpochSecond()); // the wire carries whole seconds
        }
    }

    /** True when delivery-mode is 2 (persistent). */
    public boolean persistent() {
        return deliveryMode != null && deliveryMode == 2;
    }

    /**
     * Reads flags and the present properties at the buffer's reader index.
     *
     * @throws AmqpException {@code SYNTAX_ERROR} for truncated input, bad tables, or flags for properties
     *     that class {@code basic} does not have
     */
    public static BasicProperties read(ByteBuf buf) {
        MethodReader r = new MethodReader(buf);
        int flags = readFlags(r);
        return new BasicProperties(
                (flags & CONTENT_TYPE) != 0 ? r.shortString() : null,
                (flags & CONTENT_ENCODING) != 0 ? r.shortString() : null,
                (flags & HEADERS) != 0 ? r.table() : null,
                (flags & DELIVERY_MODE) != 0 ? r.octet() : null,
                (flags & PRIORITY) != 0 ? r.octet() : null,
                (flags & CORRELATION_ID) != 0 ? r.shortString() : null,
                (flags & REPLY_TO) != 0 ? r.shortString() : null,
                (flags & EXPIRATION) != 0 ? r.shortString() : null,
                (flags & MESSAGE_ID) != 0 ? r.shortString() : null,
                (flags & TIMESTAMP) != 0 ? r.timestamp() : null,
                (flags & TYPE) != 0 ? r.shortString() : null,
                (flags & USER_ID) != 0 ? r.shortString() : null,
                (flags & APP_ID) != 0 ? r.shortString() : null,
                (flags & CLUSTER_ID) != 0 ? r.shortString() : null);
    }

    /** The first flags word; continuation words are checked and skipped. */
    private static int readFlags(MethodReader r) {
        int flags = r.shortInt();
        int word = flags;
        while ((word & CONTINUATION) != 0) {
            word = r.shortInt();
            // spec 4.2.6.1: basic has 14 properties, so a continuation word may not set any property bit
            if ((word & ~CONTINUATION) != 0) {
                throw AmqpException.of(ReplyCode.SYNTAX_ERROR, "property flags 0x%04x name unknown basic properties",
                        word);
            }
        }
        return flags;
    }

    /**
     * Checks the properties at the reader index exactly as {@link #read} does (same errors) and
     * moves past them, without building them: nothing is allocated but the reader, and a headers
     * table when present (why: the decoder validates every content header but keeps only its raw
     * bytes; building the record there was garbage for every message).
     */
    public static void skip(ByteBuf buf) {
        skip(new MethodReader(buf));
    }

    /** The same, from a reader already pointed at the property list (the frame decoder's own reader). */
    public static void skip(MethodReader r) {
        int flags = readFlags(r);
        for (int bit = 15; bit >= 2; bit--) {
            int property = 1 << bit;
            if ((flags & property) == 0) {
                continue;
            }
            switch (property) {
                case HEADERS -> r.table();
                case DELIVERY_MODE, PRIORITY -> r.octet();
                case TIMESTAMP -> r.timestamp(); // range-checked as read does
                default -> r.skipShortString();
            }
        }
    }

    /** Writes the flags word and the present properties. */
    public void write(ByteBuf buf) {
        buf.writeShort(flags());
        if (contentType != null) {
            MethodWriter.writeShortString(buf, contentType);
        }
        if (contentEncoding != null) {
            MethodWriter.writeShortString(buf, contentEncoding);
        }
        if (headers != null) {
            headers.write(buf);
        }
        if (deliveryMode != null) {
            buf.writeByte(deliveryMode);
        }
        if (priority != null) {
            buf.writeByte(priority);
        }
        writeIfPresent(buf, correlationId);
        writeIfPresent(buf, replyTo);
        writeIfPresent(buf, expiration);
        writeIfPresent(buf, messageId);
        if (timestamp != null) {
            buf.writeLong(timestamp.getEpochSecond());
        }
        writeIfPresent(buf, type);
        writeIfPresent(buf, userId);
        writeIfPresent(buf, appId);
        writeIfPresent(buf, clusterId);
    }

    /** The property-flags word this instance encodes to. */
    public int flags() {
        int f = 0;
        f |= contentType != null ? CONTENT_TYPE : 0;
        f |= contentEncoding != null ? CONTENT_ENCODING : 0;
        f |= headers != null ? HEADERS : 0;
        f |= deliveryMode != null ? DELIVERY_MODE : 0;
        f |= priority != null ? PRIORITY : 0;
        f |= correlationId != null ? CORRELATION_ID : 0;
        f |= replyTo != null ? REPLY_TO : 0;
        f |= expiration != null ? EXPIRATION : 0;
        f |= messageId != null ? MESSAGE_ID : 0;
        f |= timestamp != null ? TIMESTAMP : 0;
        f |= type != null ? TYPE : 0;
        f |= userId != null ? USER_ID : 0;
        f |= appId != null ? APP_ID : 0;
        f |= clusterId != null ? CLUSTER_ID : 0;
        return f;
    }

    public BasicProperties withHeaders(FieldTable newHeaders) {
        return new BasicProperties(contentType, contentEncoding, newHeaders, deliveryMode, priority, correlationId,
                replyTo, expiration, messageId, timestamp, type, userId, appId, clusterId);
    }

    public BasicProperties withExpiration(String newExpiration) {
        return new BasicProperties(contentType, contentEncoding, headers, deliveryMode, priority, correlationId,
                replyTo, newExpiration, messageId, timestamp, type, userId, appId, clusterId);
    }

    public BasicProperties withDeliveryMode(Integer newDeliveryMode) {
        return new BasicProperties(contentType, contentEncoding, headers, newDeliveryMode, priority, correlationId,
                replyTo, expiration, messageId, timestamp, type, userId, appId, clusterId);
    }

    public BasicProperties withTimestamp(Instant newTimestamp) {
        return new BasicProperties(contentType, contentEncoding, headers, deliveryMode, priority, correlationId,
                replyTo, expiration, messageId, newTimestamp, type, userId, appId, clusterId);
    }

    public BasicProperties withReplyTo(String newReplyTo) {
        return new BasicProperties(contentType, contentEncoding, headers, deliveryMode, priority, correlationId,
                newReplyTo, expiration, messageId, timestamp, type, userId, appId, clusterId);
    }

    public BasicProperties withUserId(String newUserId) {
        return new BasicProperties(contentType, contentEncoding, headers, deliveryMode, priority, correlationId,
                replyTo, expiration, messageId, timestamp, type, newUserId, appId, clusterId);
    }

    private static void writeIfPresent(ByteBuf buf, String value) {
        if (value != null) {
            MethodWriter.writeShortString(buf, value);
        }
    }

    private static void checkOctet(String name, Integer value) {
        if (value != null && (value < 0 || value > 0xFF)) {
            throw new IllegalArgumentException(name + " must be an octet (0..255): " + value);
        }
    }
}
