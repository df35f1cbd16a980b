package io.warrenmq.codec.types;

import io.netty.buffer.ByteBuf;
import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.ReplyCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Reads AMQP method fields from a buffer, handling bit packing and length checks in one place.
 *
 * <p>Every read checks the readable bytes first; any shortfall is a {@code SYNTAX_ERROR} (502), and
 * no allocation is ever sized by a peer-claimed length that was not checked against the payload.
 * Consecutive {@link #bit()} reads share one octet (up to 8); any other read starts a new octet.
 * Spec: 4.2.5 "AMQP Data Fields", 4.2.5.2 "Bits".
 *
 * <p>Thread-safety: not thread-safe; one reader per decode.
 */
public final class MethodReader {
    private final ByteBuf buf;
    private int bits;
    private int bitPosition = 8; // 8 = no partially consumed bit octet

    public MethodReader(ByteBuf buf) {
        this.buf = buf;
    }

    /** The underlying buffer, positioned after the last field read. */
    public ByteBuf buffer() {
        return buf;
    }

    public int octet() {
        need(1);
        bitPosition = 8;
        return buf.readUnsignedByte();
    }

    public int shortInt() {
        need(2);
        bitPosition = 8;
        return buf.readUnsignedShort();
    }

    /** Skips a reserved short (the deprecated {@code ticket} fields). */
    public void skipShort() {
        need(2);
        bitPosition = 8;
        buf.skipBytes(2);
    }

    public long longInt() {
        need(4);
        bitPosition = 8;
        return buf.readUnsignedInt();
    }

    public long longLong() {
        need(8);
        bitPosition = 8;
        return buf.readLong();
    }

    public boolean bit() {
        if (bitPosition == 8) {
            need(1);
            bits = buf.readUnsignedByte();
            bitPosition = 0;
        }
        return (bits & (1 << bitPosition++)) != 0;
    }

    /** A shortstr decoded as UTF-8 (malformed sequences become U+FFFD). */
    public String shortString() {
        int length = octet();
        if (length == 0) {
            return "";
        }
        need(length);
        String s = buf.toString(buf.readerIndex(), length, StandardCharsets.UTF_8);
        buf.skipBytes(length);
        return s;
    }

    /** Moves past a shortstr without decoding it (same checks as {@link #shortString}). */
    public void skipShortString() {
        int length = octet();
        need(length);
        buf.skipBytes(length);
    }

    /** A longstr as raw bytes. */
    public byte[] longString() {
        int length = longStringLength();
        byte[] bytes = new byte[length];
        buf.readBytes(bytes);
        return bytes;
    }

    /** A longstr decoded as UTF-8. */
    public String longStringUtf8() {
        int length = longStringLength();
        String s = buf.toString(buf.readerIndex(), length, StandardCharsets.UTF_8);
        buf.skipBytes(length);
        return s;
    }

    public FieldTable table() {
        bitPosition = 8;
        return FieldCodec.readTable(buf, 0);
    }

    /** A 64-bit POSIX time in seconds. */
    public Instant timestamp() {
        return FieldCodec.instant(longLong());
    }

    /** Rejects bytes left over after the last field. */
    public void expectEnd() {
        if (buf.isReadable()) {
            throw AmqpException.of(ReplyCode.SYNTAX_ERROR, "%d unexpected octets after the last field",
                    buf.readableBytes());
        }
    }

    private int longStringLength() {
        need(4);
        bitPosition = 8;
        long length = buf.readUnsignedInt();
        // spec: a longstr cannot be longer than what is left of the frame payload
        if (length > buf.readableBytes()) {
            throw AmqpException.of(ReplyCode.SYNTAX_ERROR, "longstr length %d exceeds the %d remaining octets",
                    length, buf.readableBytes());
        }
        return (int) length;
    }

    private void need(int n) {
        if (buf.readableBytes() < n) {
            throw AmqpException.of(ReplyCode.SYNTAX_ERROR, "method fields truncated: needed %d octets, %d left",
                    n, buf.readableBytes());
        }
    }
}
