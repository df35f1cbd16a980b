package io.warrenmq.amqp10.broker;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warrenmq.amqp10.codec.DecodeException;
import io.warrenmq.amqp10.codec.Decoder;
import io.warrenmq.amqp10.codec.Descriptors;
import io.warrenmq.amqp10.codec.Encoder;
import io.warrenmq.amqp10.codec.Fields;
import io.warrenmq.amqp10.codec.Types;
import io.warrenmq.amqp10.codec.Types.Binary;
import io.warrenmq.amqp10.codec.Types.Described;
import io.warrenmq.amqp10.codec.Types.Symbol;
import io.warrenmq.amqp10.codec.Types.Timestamp;
import io.warrenmq.amqp10.codec.Types.UByte;
import io.warrenmq.amqp10.codec.Types.UInt;
import io.warrenmq.amqp10.codec.Types.ULong;
import io.warrenmq.codec.types.BasicProperties;
import io.warrenmq.codec.types.FieldTable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AMQP 1.0 messages to 0-9-1 properties and body and back, after RabbitMQ's {@code mc_amqpl}
 * (docs/amqp10.md has the table): header and properties to their 0-9-1 fields,
 * application-properties and {@code x-} message annotations to headers, one data section (or an
 * amqp-value string or binary) to the raw body; any other body is kept as its encoded sections
 * with {@code type = "amqp-1.0"}, so a 1.0 consumer gets it back byte for byte.
 *
 * <p>Thread-safety: stateless.
 */
public final class MessageMapping {
    /** The 0-9-1 {@code type} marking a body that is encoded AMQP 1.0 body sections. */
    public static final String AMQP_1_0_TYPE = "amqp-1.0";
    /** properties.subject (JMSType) in the 0-9-1 form; back to properties.subject for 1.0 consumers. */
    public static final String SUBJECT_HEADER = "x-subject";
    static final String QUEUE_PREFIX = "/queues/";

    private MessageMapping() {
    }

    /** The sections of one message, as received in transfers. */
    public static Published toPublished(ByteBuf message) {
        Map<Object, Object> header = null;
        Map<Object, Object> annotations = null;
        Fields props = null;
        Map<Object, Object> appProps = null;
        List<Object> data = new ArrayList<>();
        Object value = null;
        boolean hasValue = false;
        int bodyStart = -1;
        while (message.isReadable()) {
            int at = message.readerIndex();
            Object section = Decoder.read(message);
            if (!(section instanceof Described d) || !(d.descriptor() instanceof ULong code)) {
                throw new DecodeException("a message section must be a described type");
            }
            long c = code.value();
            if (c == Descriptors.HEADER) {
                Fields f = new Fields("header", d.value());
                header = new LinkedHashMap<>();
                header.put("durable", f.bool(0, false));
                header.put("priority", f.ubyte(1, 4));
                header.put("ttl", f.uint(2, -1));
            } else if (c == Descriptors.MESSAGE_ANNOTATIONS) {
                annotations = asMap(d.value());
            } else if (c == Descriptors.PROPERTIES) {
                props = new Fields("properties", d.value());
            } else if (c == Descriptors.APPLICATION_PROPERTIES) {
                appProps = asMap(d.value());
            } else if (c == Descriptors.DATA || c == Descriptors.AMQP_VALUE || c == Descriptors.AMQP_SEQUENCE) {
                if (bodyStart < 0) {
                    bodyStart = at;
                }
                if (c == Descriptors.DATA) {
                    data.add(d.value());
                } else {
                    value = d.value();
                    hasValue = true;
                    data.add(null);
                }
            }
            // delivery-annotations and footer are for this hop only
        }
        Map<String, Object> headers = new LinkedHashMap<>();
        if (annotations != null) {
            annotations.forEach((k, v) -> {
                String key = String.valueOf(k);
                if (key.startsWith("x-") && !key.equals("x-exchange") && !key.equals("x-routing-key")) {
                    putHeader(headers, key, v);
                }
            });
        }
        if (appProps != null) {
            appProps.forEach((k, v) -> putHeader(headers, String.valueOf(k), v));
        }
        String contentType = null;
        String contentEncoding = null;
        String messageId = null;
        String correlationId = null;
        String replyTo = null;
        String userId = null;
        Instant timestamp = null;
        String appId = null;
        String to = null;
        if (props != null) {
            to = props.get(2) instanceof String t ? t : null;
            messageId = id(props.get(0), "x-message-id", headers);
            Object uid = props.get(1);
            userId = uid instanceof Binary b ? new String(b.bytes(), StandardCharsets.UTF_8) : null;
            replyTo = props.get(4) instanceof String r ? fromAddress(r) : null;
            correlationId = id(props.get(5), "x-correlation-id", headers);
            contentType = props.get(6) instanceof Symbol s ? s.value() : null;
            contentEncoding = props.get(7) instanceof Symbol s ? s.value() : null;
            timestamp = props.get(9) instanceof Timestamp t ? Instant.ofEpochSecond(Math.floorDiv(t.millis(), 1000)) : null;
            appId = props.get(10) instanceof String g ? g : null;
            if (props.get(3) instanceof String subject) {
                headers.put(SUBJECT_HEADER, subject); // JMSType: kept for selectors and 1.0 consumers
            }
        }
        byte[] body;
        String type = null;
        if (!hasValue && data.size() == 1 && data.get(0) instanceof Binary b) {
            body = b.bytes();
        } else if (hasValue && data.size() == 1 && value instanceof String s) {
            body = s.getBytes(StandardCharsets.UTF_8);
            if (contentType == null) {
                contentType = "text/plain";
            }
        } else if (hasValue && data.size() == 1 && value instanceof Binary b) {
            body = b.bytes();
        } else if (bodyStart < 0) {
            body = new byte[0];
        } else {
            // the body sections as they came: a 1.0 consumer gets them back unchanged
            ByteBuf all = message.duplicate().readerIndex(bodyStart).writerIndex(message.readerIndex());
            body = new byte[all.readableBytes()];
            all.readBytes(body);
            type = AMQP_1_0_TYPE;
        }
        Integer deliveryMode = header == null ? 1 : Boolean.TRUE.equals(header.get("durable")) ? 2 : 1;
        Integer priority = header == null ? null : (Integer) header.get("priority");
        long ttl = header == null ? -1 : (Long) header.get("ttl");
        return new Published(new BasicProperties(contentType, contentEncoding,
                headers.isEmpty() ? null : FieldTable.of(headers), deliveryMode, priority, correlationId, replyTo,
                ttl < 0 ? null : Long.toString(ttl), messageId, timestamp, type, userId, appId, null), body, to);
    }

    /** A 0-9-1 message as the sections of a 1.0 transfer. */
    public static ByteBuf toAmqp10(BasicProperties p, byte[] body, String exchange, String routingKey, boolean redelivered) {
        ByteBuf out = Unpooled.buffer(body.length + 256);
        boolean durable = p.deliveryMode() != null && p.deliveryMode() == 2;
        Long ttl = null;
        if (p.expiration() != null) {
            try {
                ttl = Long.parseLong(p.expiration());
            } catch (NumberFormatException e) {
                ttl = null;
            }
        }
        Encoder.write(out, section(Descriptors.HEADER, Fields.trim(durable, p.priority() == null ? null
                : new UByte(p.priority()), ttl == null ? null : UInt.of(ttl), null,
                redelivered ? UInt.of(1) : null)));
        Map<Object, Object> annotations = new LinkedHashMap<>();
        Map<Object, Object> application = new LinkedHashMap<>();
        annotations.put(Symbol.of("x-exchange"), exchange);
        annotations.put(Symbol.of("x-routing-key"), routingKey);
        if (p.type() != null && !AMQP_1_0_TYPE.equals(p.type())) {
            annotations.put(Symbol.of("x-basic-type"), p.type());
        }
        if (p.headers() != null) {
            for (Map.Entry<String, Object> e : p.headers().asMap().entrySet()) {
                Object v = toAmqp10Value(e.getValue());
                if (v == null && e.getValue() != null || e.getKey().equals(Origins.HEADER)
                        || e.getKey().equals(SUBJECT_HEADER)) {
                    continue; // tables and arrays are not converted, as RabbitMQ; the no-local stamp is ours
                }
                if (e.getKey().startsWith("x-")) {
                    annotations.put(Symbol.of(e.getKey()), v);
                } else {
                    application.put(e.getKey(), v);
                }
            }
        }
        Encoder.write(out, section(Descriptors.MESSAGE_ANNOTATIONS, annotations));
        Encoder.write(out, section(Descriptors.PROPERTIES, Fields.trim(messageId(p.messageId()),
                p.userId() == null ? null : new Binary(p.userId().getBytes(StandardCharsets.UTF_8)), null,
                p.headers() != null && p.headers().get(SUBJECT_HEADER) instanceof String subject ? subject : null,
                p.replyTo() == null ? null : toAddress(p.replyTo()), messageId(p.correlationId()),
                p.contentType() == null ? null : Symbol.of(p.contentType()),
                p.contentEncoding() == null ? null : Symbol.of(p.contentEncoding()), null,
                p.timestamp() == null ? null : new Timestamp(p.timestamp().toEpochMilli()), p.appId())));
        if (!application.isEmpty()) {
            Encoder.write(out, section(Descriptors.APPLICATION_PROPERTIES, application));
        }
        if (AMQP_1_0_TYPE.equals(p.type())) {
            out.writeBytes(body);
        } else {
            Encoder.write(out, section(Descriptors.DATA, new Binary(body)));
        }
        return out;
    }

    private static Described section(long code, Object value) {
        return new Described(new ULong(code), value);
    }

    private static Map<Object, Object> asMap(Object v) {
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new DecodeException("annotations and application-properties must be maps");
        }
        @SuppressWarnings("unchecked")
        Map<Object, Object> map = (Map<Object, Object>) m;
        return map;
    }

    /** message-id / correlation-id: short strings as they are, UUIDs as {@code urn:uuid:}, the rest in a header. */
    private static String id(Object v, String header, Map<String, Object> headers) {
        if (v == null) {
            return null;
        }
        if (v instanceof String s && s.getBytes(StandardCharsets.UTF_8).length <= 255) {
            return s;
        }
        if (v instanceof java.util.UUID u) {
            return "urn:uuid:" + u;
        }
        putHeader(headers, header, v instanceof ULong u ? Long.toUnsignedString(u.value()) : v);
        return null;
    }

    private static Object messageId(String s) {
        if (s == null) {
            return null;
        }
        if (s.startsWith("urn:uuid:")) {
            try {
                return java.util.UUID.fromString(s.substring(9));
            } catch (IllegalArgumentException e) {
                return s;
            }
        }
        return s;
    }

    private static void putHeader(Map<String, Object> headers, String key, Object v) {
        Object converted = toFieldValue(v);
        if (converted != null || v == null) {
            headers.put(key, converted);
        }
    }

    /** A 1.0 value as a field-table value; null for what has none (lists, maps, described values). */
    private static Object toFieldValue(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Byte || v instanceof Short
                || v instanceof Integer || v instanceof Long || v instanceof Float || v instanceof Double) {
            return v;
        }
        if (v instanceof Symbol s) {
            return s.value();
        }
        if (v instanceof Binary b) {
            return b.bytes();
        }
        if (v instanceof UByte u) {
            return u.value();
        }
        if (v instanceof Types.UShort u) {
            return u.value();
        }
        if (v instanceof UInt u) {
            return u.value();
        }
        if (v instanceof ULong u) {
            return u.value();
        }
        if (v instanceof Timestamp t) {
            return Instant.ofEpochSecond(Math.floorDiv(t.millis(), 1000));
        }
        if (v instanceof java.util.UUID u) {
            return u.toString();
        }
        return null;
    }

    private static Object toAmqp10Value(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Byte || v instanceof Short
                || v instanceof Integer || v instanceof Long || v instanceof Float || v instanceof Double) {
            return v;
        }
        if (v instanceof byte[] b) {
            return new Binary(b);
        }
        if (v instanceof Instant t) {
            return new Timestamp(t.toEpochMilli());
        }
        return null;
    }

    /** {@code /queues/Q} (percent-decoded) → {@code Q}; other addresses unchanged. */
    static String fromAddress(String address) {
        return address.startsWith(QUEUE_PREFIX) ? Addresses.decode(address.substring(QUEUE_PREFIX.length())) : address;
    }

    static String toAddress(String queue) {
        return queue.startsWith("/") ? queue : QUEUE_PREFIX + Addresses.encode(queue);
    }
}
