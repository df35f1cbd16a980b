package io.warrenmq.server.vhost;

import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.ReplyCode;
import io.warrenmq.codec.types.FieldTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Sender-selected distribution (https://www.rabbitmq.com/docs/sender-selected): the routing keys a
 * publisher adds in the {@code CC} and {@code BCC} headers, read as RabbitMQ's
 * {@code rabbit_basic:header_routes/1} reads them.
 *
 * <p>Each header, when present, must be an array; its string elements are routing keys and other
 * elements are ignored. Any other type is refused with RabbitMQ's 406
 * {@code invalid message: {unacceptable_type_in_header,"CC",signedint}} (CC is checked first).
 *
 * <p>Stateless.
 */
public final class SenderSelected {
    public static final String CC = "CC";
    public static final String BCC = "BCC";

    private SenderSelected() {
    }

    /** The CC keys then the BCC keys (empty, not allocated, when neither header is there). */
    public static List<String> routingKeys(FieldTable headers) {
        boolean cc = headers.containsKey(CC);
        boolean bcc = headers.containsKey(BCC);
        if (!cc && !bcc) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        if (cc) {
            addKeys(CC, headers.get(CC), keys);
        }
        if (bcc) {
            addKeys(BCC, headers.get(BCC), keys);
        }
        return keys;
    }

    /** The string elements of a CC header value, or none when it is not an array (dead-lettering). */
    public static List<String> ccKeysOrNone(Object value) {
        List<String> keys = new ArrayList<>();
        if (value instanceof List<?>) {
            addKeys(CC, value, keys);
        }
        return keys;
    }

    private static void addKeys(String header, Object value, List<String> keys) {
        if (!(value instanceof List<?> list)) {
            throw AmqpException.of(ReplyCode.PRECONDITION_FAILED,
                    "invalid message: {unacceptable_type_in_header,\"%s\",%s}", header, FieldTypes.name(value));
        }
        for (Object k : list) {
            if (k instanceof String s) {
                keys.add(s);
            } else if (k instanceof byte[] b) {
                // a longstr that is not UTF-8 arrives as bytes; RabbitMQ routes on its bytes
                keys.add(new String(b, StandardCharsets.UTF_8));
            }
        }
    }
}
