package io.warrenmq.testkit.journal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.LongString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies of a message's buffers, decoded with the RabbitMQ Java client, so a journal entry holds
 * nothing of the broker's (its buffers are reference-counted and reused once released).
 *
 * <p>Thread-safety: stateless.
 */
final class MessageCopy {
    /** The Java client reads a content header: weight (2 octets) and body size (8) before the flags. */
    private static final int CONTENT_HEADER_PREFIX = 10;

    private MessageCopy() {
    }

    static byte[] bytes(ByteBuf buf) {
        return ByteBufUtil.getBytes(buf, buf.readerIndex(), buf.readableBytes(), true);
    }

    /** The raw property block (flags, then the property list) decoded. */
    static AMQP.BasicProperties properties(ByteBuf raw) {
        byte[] block = new byte[CONTENT_HEADER_PREFIX + raw.readableBytes()];
        raw.getBytes(raw.readerIndex(), block, CONTENT_HEADER_PREFIX, raw.readableBytes());
        try {
            return new AMQP.BasicProperties(new DataInputStream(new ByteArrayInputStream(block)));
        } catch (IOException e) {
            // the broker validated the property list when it arrived: this is a bug, not bad input
            throw new IllegalStateException("cannot decode a message's properties: " + e, e);
        }
    }

    /** Headers with long strings as {@code String} (also in lists and nested tables); empty when none. */
    static Map<String, Object> headers(AMQP.BasicProperties p) {
        return p.getHeaders() == null ? Map.of() : strings(p.getHeaders());
    }

    private static Map<String, Object> strings(Map<String, Object> table) {
        Map<String, Object> out = new LinkedHashMap<>();
        table.forEach((k, v) -> out.put(k, string(v)));
        return Collections.unmodifiableMap(out);
    }

    @SuppressWarnings("unchecked")
    private static Object string(Object v) {
        if (v instanceof LongString s) {
            return s.toString();
        }
        if (v instanceof List<?> list) {
            return list.stream().map(MessageCopy::string).toList();
        }
        if (v instanceof Map<?, ?> map) {
            return strings((Map<String, Object>) map);
        }
        return v;
    }
}
