package io.warrenmq.amqp10.codec;

import io.netty.buffer.ByteBuf;
import io.warrenmq.amqp10.codec.Types.AmqpArray;
import io.warrenmq.amqp10.codec.Types.Binary;
import io.warrenmq.amqp10.codec.Types.Char;
import io.warrenmq.amqp10.codec.Types.Decimal128;
import io.warrenmq.amqp10.codec.Types.Decimal32;
import io.warrenmq.amqp10.codec.Types.Decimal64;
import io.warrenmq.amqp10.codec.Types.Described;
import io.warrenmq.amqp10.codec.Types.Symbol;
import io.warrenmq.amqp10.codec.Types.Timestamp;
import io.warrenmq.amqp10.codec.Types.UByte;
import io.warrenmq.amqp10.codec.Types.UInt;
import io.warrenmq.amqp10.codec.Types.ULong;
import io.warrenmq.amqp10.codec.Types.UShort;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads AMQP 1.0 encoded values from a buffer that holds no more than one frame.
 *
 * <p>Bounded: every size and count the peer claims is checked against the bytes actually
 * readable before anything is allocated (a compound's count against its size, as each element
 * takes at least one byte), and nesting is limited, so a hostile frame costs at most its own size.
 *
 * <p>Thread-safety: stateless.
 */
public final class Decoder {
    /** Deeper nesting than any performative or sane message needs; guards the stack. */
    static final int MAX_DEPTH = 64;

    private Decoder() {
    }

    public static Object read(ByteBuf in) {
        return read(in, 0);
    }

    private static Object read(ByteBuf in, int depth) {
        if (depth > MAX_DEPTH) {
            throw new DecodeException("nesting deeper than " + MAX_DEPTH);
        }
        int code = u8(in);
        if (code == Codes.DESCRIBED) {
            Object descriptor = read(in, depth + 1);
            Object value = read(in, depth + 1);
            return new Described(descriptor, value);
        }
        return readValue(in, code, depth);
    }

    private static Object readValue(ByteBuf in, int code, int depth) {
        switch (code) {
            case Codes.NULL: return null;
            case Codes.TRUE: return Boolean.TRUE;
            case Codes.FALSE: return Boolean.FALSE;
            case Codes.BOOLEAN: {
                int b = u8(in);
                if (b > 1) {
                    throw new DecodeException("boolean octet " + b);
                }
                return b == 1;
            }
            case Codes.UBYTE: return new UByte(u8(in));
            case Codes.USHORT: need(in, 2); return new UShort(in.readUnsignedShort());
            case Codes.UINT: need(in, 4); return new UInt(in.readUnsignedInt());
            case Codes.SMALLUINT: return new UInt(u8(in));
            case Codes.UINT0: return new UInt(0);
            case Codes.ULONG: need(in, 8); return new ULong(in.readLong());
            case Codes.SMALLULONG: return new ULong(u8(in));
            case Codes.ULONG0: return new ULong(0);
            case Codes.BYTE: need(in, 1); return in.readByte();
            case Codes.SHORT: need(in, 2); return in.readShort();
            case Codes.INT: need(in, 4); return in.readInt();
            case Codes.SMALLINT: need(in, 1); return (int) in.readByte();
            case Codes.LONG: need(in, 8); return in.readLong();
            case Codes.SMALLLONG: need(in, 1); return (long) in.readByte();
            case Codes.FLOAT: need(in, 4); return in.readFloat();
            case Codes.DOUBLE: need(in, 8); return in.readDouble();
            case Codes.DECIMAL32: need(in, 4); return new Decimal32(in.readInt());
            case Codes.DECIMAL64: need(in, 8); return new Decimal64(in.readLong());
            case Codes.DECIMAL128: return new Decimal128(bytes(in, 16));
            case Codes.CHAR: need(in, 4); return new Char(in.readInt());
            case Codes.TIMESTAMP: need(in, 8); return new Timestamp(in.readLong());
            case Codes.UUID: need(in, 16); return new java.util.UUID(in.readLong(), in.readLong());
            case Codes.VBIN8: return new Binary(bytes(in, u8(in)));
            case Codes.VBIN32: return new Binary(bytes(in, size32(in)));
            case Codes.STR8: return new String(bytes(in, u8(in)), StandardCharsets.UTF_8);
            case Codes.STR32: return new String(bytes(in, size32(in)), StandardCharsets.UTF_8);
            case Codes.SYM8: return new Symbol(new String(bytes(in, u8(in)), StandardCharsets.US_ASCII));
            case Codes.SYM32: return new Symbol(new String(bytes(in, size32(in)), StandardCharsets.US_ASCII));
            case Codes.LIST0: return List.of();
            case Codes.LIST8: return list(in, false, depth);
            case Codes.LIST32: return list(in, true, depth);
            case Codes.MAP8: return map(in, false, depth);
            case Codes.MAP32: return map(in, true, depth);
            case Codes.ARRAY8: return array(in, false, depth);
            case Codes.ARRAY32: return array(in, true, depth);
            default: throw new DecodeException(String.format("unknown format code 0x%02x", code));
        }
    }

    private static List<Object> list(ByteBuf in, boolean wide, int depth) {
        ByteBuf body = compound(in, wide);
        int count = wide ? body.readInt() : body.readUnsignedByte();
        checkCount(count, body);
        List<Object> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(read(body, depth + 1));
        }
        return items;
    }

    private static Map<Object, Object> map(ByteBuf in, boolean wide, int depth) {
        ByteBuf body = compound(in, wide);
        int count = wide ? body.readInt() : body.readUnsignedByte();
        checkCount(count, body);
        if ((count & 1) != 0) {
            throw new DecodeException("map with an odd element count " + count);
        }
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < count; i += 2) {
            Object key = read(body, depth + 1);
            map.put(key, read(body, depth + 1));
        }
        return map;
    }

    private static AmqpArray array(ByteBuf in, boolean wide, int depth) {
        ByteBuf body = compound(in, wide);
        int count = wide ? body.readInt() : body.readUnsignedByte();
        need(body, 1);
        int elementCode = body.readUnsignedByte();
        if (elementCode == Codes.DESCRIBED) {
            throw new DecodeException("arrays of described types are not supported");
        }
        // fixed-width zero-size elements (true, null ...) take no bytes: bound the count anyway
        if (count < 0 || count > body.readableBytes() && width(elementCode) != 0 || count > 1 << 20) {
            throw new DecodeException("array count " + count + " exceeds its size");
        }
        List<Object> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(readValue(body, elementCode, depth + 1));
        }
        return new AmqpArray(elementCode, items);
    }

    private static int width(int code) {
        return code == Codes.NULL || code == Codes.TRUE || code == Codes.FALSE || code == Codes.UINT0
                || code == Codes.ULONG0 || code == Codes.LIST0 ? 0 : 1;
    }

    /** The compound's bytes after its size field, as a bounded slice; {@code in} moves past them. */
    private static ByteBuf compound(ByteBuf in, boolean wide) {
        int size = wide ? size32(in) : u8(in);
        need(in, size);
        int minimum = wide ? 4 : 1;
        if (size < minimum) {
            throw new DecodeException("compound size " + size + " cannot hold its count");
        }
        return in.readSlice(size);
    }

    private static void checkCount(int count, ByteBuf body) {
        if (count < 0 || count > body.readableBytes()) {
            throw new DecodeException("element count " + count + " exceeds the " + body.readableBytes()
                    + " bytes that follow");
        }
    }

    private static int size32(ByteBuf in) {
        need(in, 4);
        long size = in.readUnsignedInt();
        if (size > in.readableBytes()) {
            throw new DecodeException("size " + size + " exceeds the " + in.readableBytes() + " bytes that follow");
        }
        return (int) size;
    }

    private static byte[] bytes(ByteBuf in, int n) {
        need(in, n);
        byte[] b = new byte[n];
        in.readBytes(b);
        return b;
    }

    private static int u8(ByteBuf in) {
        need(in, 1);
        return in.readUnsignedByte();
    }

    private static void need(ByteBuf in, int n) {
        if (in.readableBytes() < n) {
            throw new DecodeException("truncated: " + n + " bytes needed, " + in.readableBytes() + " left");
        }
    }
}
