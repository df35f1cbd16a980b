package io.warrenmq.codec.types;

import io.netty.buffer.ByteBuf;
import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.ReplyCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Reads AMQP method fields from a buffer, handling bit packing and length checks in one place.
 *
 * <p>Every read checks the bytes left before the reader's end first; any shortfall is a
 * {@code SYNTAX_ERROR} (502), and no allocation is ever sized by a peer-claimed length that was not
 * checked against the payload. Consecutive {@link #bit()} reads share one octet (up to 8); any other read
 * starts a new octet. Spec: 4.2.5 "AMQP Data Fields", 4.2.5.2 "Bits".
 *
 * <p>A reader reads from the buffer's reader index (which it moves) up to an end: the buffer's writer
 * index, or an index given to {@link #reset}. // why: the frame decoder points one reader at each method
 * payload and property list inside its input buffer in turn, instead of allocating a slice and a reader
 * per frame. Given a {@link ShortStringCache}, shortstrs are decoded through it.
 *
 * <p>Thread-safety: not thread-safe; one decode at a time.
 */
public final class MethodReader {
    private final ShortStringCache strings;
    private ByteBuf buf;
    private int end;
    private int bits;
    private int bitPosition = 8; // 8 = no partially consumed bit octet

    /** A reader of {@code buf}'s readable bytes. */
    public MethodReader(ByteBuf buf) {
        this.strings = null;
        reset(buf, buf.readerIndex(), buf.writerIndex());
    }

    /** A reader to point at one region after another with {@link #reset}; {@code strings} may be null. */
    public MethodReader(ShortStringCache strings) {
        this.strings = strings;
    }

    /** Reads {@code buf[index, end)} from now on: moves {@code buf}'s reader index to {@code index}. */
    public MethodReader reset(ByteBuf buf, int index, int end) {
        if (index < 0 || index > end || end > buf.writerIndex()) {
            throw new IndexOutOfBoundsException("region [" + index + ", " + end + ") of " + buf);
        }
        this.buf = buf;
        this.end = end;
        buf.readerIndex(index);
        bitPosition = 8;
        return this;
    }

    /** The underlying buffer, positioned after the last field read. */
    public ByteBuf buffer() {
        return buf;
    }

    /** Octets left before the end. */
    public int remaining() {
        return end - buf.readerIndex();
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

    /** A shortstr decoded as UTF-8, losslessly: octets of malformed sequences are escaped ({@link LosslessUtf8}). */
    public String shortString() {
        int length = octet();
        if (length == 0) {
            return "";
        }
        need(length);
        int index = buf.readerIndex();
        buf.skipBytes(length);
        return strings != null ? strings.decode(buf, index, length)
                : LosslessUtf8.decode(buf, index, length);
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
        // why a view: the field codec bounds every length by the readable bytes, and this reader's end may
        // come before the buffer's (tables are rare on the hot path: a publish's headers property)
        ByteBuf view = buf.slice(buf.readerIndex(), remaining());
        FieldTable table = FieldCodec.readTable(view, 0);
        buf.skipBytes(view.readerIndex());
        return table;
    }

    /** A 64-bit POSIX time in seconds. */
    public Instant timestamp() {
        return FieldCodec.instant(longLong());
    }

    /** Rejects bytes left over after the last field. */
    public void expectEnd() {
        if (remaining() > 0) {
            throw AmqpException.of(ReplyCode.SYNTAX_ERROR, "%d unexpected octets after the last field",
                    remaining());
        }
    }

    private int longStringLength() {
        need(4);
        bitPosition = 8;
        long length = buf.readUnsignedInt();
        // spec: a longstr cannot be longer than what is left of the frame payload
        if (length > remaining()) {
            throw AmqpException.of(ReplyCode.SYNTAX_ERROR, "longstr length %d exceeds the %d remaining octets",
                    length, remaining());
        }
        return (int) length;
    }

    private void need(int n) {
        if (remaining() < n) {
            throw AmqpException.of(ReplyCode.SYNTAX_ERROR, "method fields truncated: needed %d octets, %d left",
                    n, remaining());
        }
    }
}
