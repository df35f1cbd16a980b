package io.warrenmq.it.crash;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.MessageProperties;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * Body and properties of a crash-test message, built so that a recovered copy can be checked
 * byte for byte without keeping the original: a text header names the {@link MessageId}, the length
 * and the CRC-32 of a pseudo-random padding that follows it.
 *
 * <pre>
 * warren-crash/1 c=3 p=2 s=17 len=512 crc=1a2b3c4d\n&lt;512 padding bytes&gt;
 * </pre>
 * Padding sizes are mostly small with an occasional large one, so that records of very different
 * sizes (and some spanning several frames) end up in the store. Thread-safety: stateless.
 */
public final class TracedMessage {
    private static final String MAGIC = "warren-crash/1";

    private TracedMessage() {
    }

    /** A body for {@code id} with a padding length drawn from {@code random}. */
    public static byte[] body(MessageId id, SplittableRandom random) {
        int length = random.nextInt(50) == 0 ? 32 * 1024 + random.nextInt(96 * 1024) : random.nextInt(1024);
        byte[] padding = new byte[length];
        new SplittableRandom(random.nextLong()).nextBytes(padding);
        CRC32 crc = new CRC32();
        crc.update(padding);
        byte[] header = String.format("%s c=%d p=%d s=%d len=%d crc=%08x\n", MAGIC, id.cycle(), id.publisher(),
                id.sequence(), length, crc.getValue()).getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[header.length + length];
        System.arraycopy(header, 0, body, 0, header.length);
        System.arraycopy(padding, 0, body, header.length, length);
        return body;
    }

    /** Persistent (delivery-mode 2) properties carrying the id, which recovery must keep as they were. */
    public static AMQP.BasicProperties persistentProperties(MessageId id) {
        return MessageProperties.PERSISTENT_BASIC.builder()
                .messageId(id.toString())
                .headers(Map.of("publisher", id.publisher(), "sequence", id.sequence()))
                .build();
    }

    /**
     * Parses and checks a body: returns its id, or throws {@link IllegalArgumentException} saying how
     * it is damaged (bad header, padding of the wrong length, CRC mismatch).
     */
    public static MessageId parse(byte[] body) {
        int newline = -1;
        for (int i = 0; i < Math.min(body.length, 200); i++) {
            if (body[i] == '\n') {
                newline = i;
                break;
            }
        }
        if (newline < 0) {
            throw new IllegalArgumentException("no header line in a body of " + body.length + " bytes");
        }
        String header = new String(body, 0, newline, StandardCharsets.US_ASCII);
        String[] fields = header.split(" ");
        if (fields.length != 6 || !fields[0].equals(MAGIC)) {
            throw new IllegalArgumentException("unexpected header '" + header + "'");
        }
        MessageId id = new MessageId(field(fields[1], "c"), field(fields[2], "p"), field(fields[3], "s"));
        int length = field(fields[4], "len");
        long expectedCrc = Long.parseLong(value(fields[5], "crc"), 16);
        int actualLength = body.length - newline - 1;
        if (actualLength != length) {
            throw new IllegalArgumentException(id + ": padding is " + actualLength + " bytes, header says " + length);
        }
        CRC32 crc = new CRC32();
        crc.update(body, newline + 1, length);
        if (crc.getValue() != expectedCrc) {
            throw new IllegalArgumentException(id + ": padding CRC mismatch (body corrupted)");
        }
        return id;
    }

    private static int field(String field, String name) {
        return Integer.parseInt(value(field, name));
    }

    private static String value(String field, String name) {
        if (!field.startsWith(name + "=")) {
            throw new IllegalArgumentException("expected field '" + name + "=' but got '" + field + "'");
        }
        return field.substring(name.length() + 1);
    }
}
