package io.warrenmq.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The byte layouts of segment headers and records (see {@code docs/storage-format.md}, which
 * this class must match). All integers big-endian; strings are a u16 byte length plus UTF-8.
 *
 * <pre>
 * segment header (32 bytes)        record frame
 *  0 u32 magic 'WRNS'               0 u32 length L  (type + payload, 1 &lt;= L)
 *  4 u16 version (1)                4 u32 crc32c over bytes [0,4) and [8, 8+L)
 *  6 u16 header length (32)         8 u8  type
 *  8 u64 segment sequence           9 ... payload (L - 1 bytes)
 * 16 u64 next message id
 * 24 u32 crc32c of bytes [0,24)
 * 28 u32 reserved (0)
 * </pre>
 *
 * <p>Thread-safety: stateless.
 */
final class RecordFormat {
    static final int SEGMENT_MAGIC = 0x57524E53; // "WRNS"
    static final short VERSION = 1;
    static final int SEGMENT_HEADER_BYTES = 32;
    static final int FRAME_HEADER_BYTES = 8;
    static final int MAX_RECORD_LENGTH = Integer.MAX_VALUE - 64;
    static final int MAX_STRING_BYTES = 0xFFFF;
    static final int MAX_QUEUES = 0xFFFF;

    static final byte PUBLISH = 1;
    static final byte REMOVE = 2;
    static final byte DELIVERED = 3;
    static final byte PURGE = 4;
    static final byte DELETE_QUEUE = 5;

    static final byte FLAG_REDELIVERED = 1;
    /**
     * The queue holds a paged-out copy of a transient message: kept while the broker runs, never
     * recovered (a transient message does not survive a restart).
     */
    static final byte FLAG_TRANSIENT = 2;

    private RecordFormat() {
    }

    static String typeName(int type) {
        return switch (type) {
            case PUBLISH -> "PUBLISH";
            case REMOVE -> "REMOVE";
            case DELIVERED -> "DELIVERED";
            case PURGE -> "PURGE";
            case DELETE_QUEUE -> "DELETE_QUEUE";
            default -> "type " + type;
        };
    }

    static ByteBuffer segmentHeader(long sequence, long nextMessageId) {
        ByteBuffer b = ByteBuffer.allocate(SEGMENT_HEADER_BYTES);
        b.putInt(SEGMENT_MAGIC).putShort(VERSION).putShort((short) SEGMENT_HEADER_BYTES)
                .putLong(sequence).putLong(nextMessageId);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 24);
        b.putInt((int) crc.getValue()).putInt(0);
        return b.flip();
    }

    /** A valid segment header's content, or a description of what is wrong with it. */
    record SegmentHeader(long sequence, long nextMessageId, String problem) {
    }

    static SegmentHeader readSegmentHeader(ByteBuffer b, long expectedSequence) {
        if (b.remaining() < SEGMENT_HEADER_BYTES) {
            return new SegmentHeader(0, 0, "header truncated (" + b.remaining() + " bytes)");
        }
        int p = b.position();
        if (b.getInt(p) != SEGMENT_MAGIC) {
            return new SegmentHeader(0, 0, String.format("bad magic 0x%08x", b.getInt(p)));
        }
        CRC32C crc = new CRC32C();
        crc.update(b.duplicate().limit(p + 24));
        if ((int) crc.getValue() != b.getInt(p + 24)) {
            return new SegmentHeader(0, 0, "header checksum mismatch");
        }
        short version = b.getShort(p + 4);
        if (version != VERSION) {
            return new SegmentHeader(0, 0, "unsupported format version " + version + " (this build reads " + VERSION + ")");
        }
        long sequence = b.getLong(p + 8);
        if (sequence != expectedSequence) {
            return new SegmentHeader(0, 0, "header names segment " + sequence + ", file name says " + expectedSequence);
        }
        return new SegmentHeader(sequence, b.getLong(p + 16), null);
    }

    static int utf8Length(String s) {
        return ByteBufUtil.utf8Bytes(s);
    }

    static int stringBytes(String s) {
        return 2 + utf8Length(s);
    }

    static void putString(ByteBuffer b, String s, int utf8Length) {
        b.putShort((short) utf8Length);
        if (utf8Length == s.length()) {
            for (int i = 0; i < utf8Length; i++) {
                b.put((byte) s.charAt(i));
            }
        } else {
            b.put(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A string already encoded (at most {@link #MAX_STRING_BYTES} bytes). */
    static void putString(ByteBuffer b, byte[] utf8) {
        b.putShort((short) utf8.length);
        b.put(utf8);
    }

    static String getString(ByteBuf b) {
        int n = b.readUnsignedShort();
        String s = b.toString(b.readerIndex(), n, StandardCharsets.UTF_8);
        b.skipBytes(n);
        return s;
    }

    /** Frame length of a REMOVE or DELIVERED record. */
    static int queueRecordLength(String vhost, String queue, boolean withId) {
        return 1 + (withId ? 8 : 0) + stringBytes(vhost) + stringBytes(queue);
    }

    /**
     * A decoded PUBLISH payload. Properties and body are index ranges into the buffer that was
     * decoded (valid while it is).
     */
    record Publish(long id, String vhost, String[] queues, byte[] flags, String exchange, String routingKey,
                   int propertiesIndex, int propertiesLength, int bodyIndex, int bodyLength) {
    }

    /**
     * Decodes a PUBLISH payload ({@code b} positioned just after the type byte, readable to the
     * record's end). With {@code headOnly} it stops after the queue list (recovery needs no more);
     * throws {@link IndexOutOfBoundsException} or {@link IllegalStateException} on a malformed payload.
     */
    static Publish decodePublish(ByteBuf b, boolean headOnly) {
        long id = b.readLong();
        String vhost = getString(b);
        int n = b.readUnsignedShort();
        String[] queues = new String[n];
        byte[] flags = new byte[n];
        for (int i = 0; i < n; i++) {
            queues[i] = getString(b);
            flags[i] = b.readByte();
        }
        if (headOnly) {
            return new Publish(id, vhost, queues, flags, null, null, 0, 0, 0, 0);
        }
        String exchange = getString(b);
        String routingKey = getString(b);
        int propertiesLength = b.readInt();
        int propertiesIndex = b.readerIndex();
        b.skipBytes(propertiesLength);
        int bodyLength = b.readInt();
        int bodyIndex = b.readerIndex();
        if (bodyLength != b.readableBytes()) {
            throw new IllegalStateException("body length " + bodyLength + " but " + b.readableBytes() + " bytes left");
        }
        return new Publish(id, vhost, queues, flags, exchange, routingKey, propertiesIndex, propertiesLength,
                bodyIndex, bodyLength);
    }
}
