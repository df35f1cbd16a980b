package io.warrenmq.codec.types;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.ReplyCode;
import java.time.Instant;

/**
 * Writes AMQP method fields straight into a buffer; the mirror of {@link MethodReader}.
 *
 * <p>Consecutive {@link #bit} writes are packed into one octet (up to 8, low bit first); any other
 * write closes the octet. // why: the bit octet is written as 0 on the first bit and patched in place
 * with {@code setByte}, so there is nothing to flush at the end. Spec: 4.2.5 "AMQP Data Fields".
 *
 * <p>Strings longer than a shortstr allows (255 UTF-8 octets) raise {@code INTERNAL_ERROR} rather than
 * being silently truncated: a truncated routing key or queue name would be a different name. Callers
 * that can legitimately produce long text (reply texts) truncate first, as {@code AmqpException} does.
 * {@code FrameWriter} rolls the output buffer back to the frame start when that happens.
 *
 * <p>Thread-safety: not thread-safe; one writer per encode.
 */
public final class MethodWriter {
    private ByteBuf buf;
    private final EncodedShortStrings strings;
    private int bitIndex = -1;
    private int bitCount = 8; // 8 = no open bit octet

    public MethodWriter(ByteBuf buf) {
        this(buf, null);
    }

    /** A writer whose shortstrs go through {@code strings} (may be null). */
    public MethodWriter(ByteBuf buf, EncodedShortStrings strings) {
        this.buf = buf;
        this.strings = strings;
    }

    /**
     * Points this writer at {@code target}, as new: for a writer kept and reused on a hot path, so that
     * nothing there rests on the JIT's escape analysis removing a writer per call.
     */
    public MethodWriter writeTo(ByteBuf target) {
        this.buf = target;
        this.bitIndex = -1;
        this.bitCount = 8;
        return this;
    }

    public MethodWriter octet(int value) {
        bitCount = 8;
        buf.writeByte(value);
        return this;
    }

    public MethodWriter shortInt(int value) {
        bitCount = 8;
        buf.writeShort(value);
        return this;
    }

    public MethodWriter longInt(long value) {
        bitCount = 8;
        buf.writeInt((int) value);
        return this;
    }

    public MethodWriter longLong(long value) {
        bitCount = 8;
        buf.writeLong(value);
        return this;
    }

    public MethodWriter bit(boolean value) {
        if (bitCount == 8) {
            bitIndex = buf.writerIndex();
            buf.writeByte(0);
            bitCount = 0;
        }
        if (value) {
            buf.setByte(bitIndex, buf.getByte(bitIndex) | (1 << bitCount));
        }
        bitCount++;
        return this;
    }

    /** A shortstr; {@code null} is written as the empty string. */
    public MethodWriter shortString(String value) {
        bitCount = 8;
        if (strings != null) {
            strings.write(buf, value);
        } else {
            writeShortString(buf, value);
        }
        return this;
    }

    public MethodWriter longString(byte[] value) {
        bitCount = 8;
        byte[] v = value == null ? new byte[0] : value;
        buf.writeInt(v.length);
        buf.writeBytes(v);
        return this;
    }

    public MethodWriter longString(String value) {
        bitCount = 8;
        String v = value == null ? "" : value;
        int lengthIndex = buf.writerIndex();
        buf.writeInt(0);
        int written = ByteBufUtil.writeUtf8(buf, v);
        buf.setInt(lengthIndex, written);
        return this;
    }

    public MethodWriter table(FieldTable table) {
        bitCount = 8;
        FieldCodec.writeTable(buf, table == null ? FieldTable.EMPTY : table, 0);
        return this;
    }

    public MethodWriter timestamp(Instant value) {
        return longLong(value.getEpochSecond());
    }

    /** Writes a shortstr without an intermediate byte array. */
    static void writeShortString(ByteBuf buf, String value) {
        if (value == null || value.isEmpty()) {
            buf.writeByte(0);
            return;
        }
        int length = LosslessUtf8.encodedLength(value);
        // spec: shortstr "may be up to 255 octets"
        if (length > 255) {
            throw AmqpException.connection(ReplyCode.INTERNAL_ERROR, "shortstr of %d octets cannot be encoded",
                    length);
        }
        buf.writeByte(length);
        LosslessUtf8.write(buf, value);
    }
}
