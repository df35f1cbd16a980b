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
import java.util.List;
import java.util.Map;

/**
 * Writes Java values as AMQP 1.0 encodings, choosing the smallest one (smalluint, str8, list8 ...)
 * as the spec allows for scalars. Lists, maps and arrays are written wide ({@code list32},
 * {@code map32}, {@code array32}; {@code list0} when empty) because their size is known only once
 * written: always valid, a few bytes more, and no second pass.
 *
 * <p>Thread-safety: stateless.
 */
public final class Encoder {
    private Encoder() {
    }

    public static void write(ByteBuf out, Object v) {
        if (v == null) {
            out.writeByte(Codes.NULL);
        } else if (v instanceof Boolean b) {
            out.writeByte(b ? Codes.TRUE : Codes.FALSE);
        } else if (v instanceof UByte u) {
            out.writeByte(Codes.UBYTE).writeByte(u.value());
        } else if (v instanceof UShort u) {
            out.writeByte(Codes.USHORT).writeShort(u.value());
        } else if (v instanceof UInt u) {
            writeUInt(out, u.value());
        } else if (v instanceof ULong u) {
            writeULong(out, u.value());
        } else if (v instanceof Byte b) {
            out.writeByte(Codes.BYTE).writeByte(b);
        } else if (v instanceof Short s) {
            out.writeByte(Codes.SHORT).writeShort(s);
        } else if (v instanceof Integer i) {
            if (i >= -128 && i <= 127) {
                out.writeByte(Codes.SMALLINT).writeByte(i);
            } else {
                out.writeByte(Codes.INT).writeInt(i);
            }
        } else if (v instanceof Long l) {
            if (l >= -128 && l <= 127) {
                out.writeByte(Codes.SMALLLONG).writeByte(l.intValue());
            } else {
                out.writeByte(Codes.LONG).writeLong(l);
            }
        } else if (v instanceof Float f) {
            out.writeByte(Codes.FLOAT).writeFloat(f);
        } else if (v instanceof Double d) {
            out.writeByte(Codes.DOUBLE).writeDouble(d);
        } else if (v instanceof Decimal32 d) {
            out.writeByte(Codes.DECIMAL32).writeInt(d.bits());
        } else if (v instanceof Decimal64 d) {
            out.writeByte(Codes.DECIMAL64).writeLong(d.bits());
        } else if (v instanceof Decimal128 d) {
            out.writeByte(Codes.DECIMAL128).writeBytes(d.bits(), 0, 16);
        } else if (v instanceof Char c) {
            out.writeByte(Codes.CHAR).writeInt(c.codePoint());
        } else if (v instanceof Timestamp t) {
            out.writeByte(Codes.TIMESTAMP).writeLong(t.millis());
        } else if (v instanceof java.util.UUID u) {
            out.writeByte(Codes.UUID).writeLong(u.getMostSignificantBits()).writeLong(u.getLeastSignificantBits());
        } else if (v instanceof Binary b) {
            variable(out, Codes.VBIN8, Codes.VBIN32, b.bytes());
        } else if (v instanceof byte[] b) {
            variable(out, Codes.VBIN8, Codes.VBIN32, b);
        } else if (v instanceof String s) {
            variable(out, Codes.STR8, Codes.STR32, s.getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof Symbol s) {
            variable(out, Codes.SYM8, Codes.SYM32, s.value().getBytes(StandardCharsets.US_ASCII));
        } else if (v instanceof Described d) {
            out.writeByte(Codes.DESCRIBED);
            write(out, d.descriptor());
            write(out, d.value());
        } else if (v instanceof List<?> list) {
            writeList(out, list);
        } else if (v instanceof Map<?, ?> map) {
            writeMap(out, map);
        } else if (v instanceof AmqpArray a) {
            writeArray(out, a);
        } else {
            throw new IllegalArgumentException("no AMQP 1.0 encoding for " + v.getClass().getName());
        }
    }

    public static void writeUInt(ByteBuf out, long v) {
        if (v == 0) {
            out.writeByte(Codes.UINT0);
        } else if (v > 0 && v <= 255) {
            out.writeByte(Codes.SMALLUINT).writeByte((int) v);
        } else {
            out.writeByte(Codes.UINT).writeInt((int) v);
        }
    }

    public static void writeULong(ByteBuf out, long v) {
        if (v == 0) {
            out.writeByte(Codes.ULONG0);
        } else if (v > 0 && v <= 255) {
            out.writeByte(Codes.SMALLULONG).writeByte((int) v);
        } else {
            out.writeByte(Codes.ULONG).writeLong(v);
        }
    }

    private static void variable(ByteBuf out, int code8, int code32, byte[] b) {
        if (b.length <= 255) {
            out.writeByte(code8).writeByte(b.length);
        } else {
            out.writeByte(code32).writeInt(b.length);
        }
        out.writeBytes(b);
    }

    private static void writeList(ByteBuf out, List<?> list) {
        if (list.isEmpty()) {
            out.writeByte(Codes.LIST0);
            return;
        }
        out.writeByte(Codes.LIST32);
        int sizeAt = out.writerIndex();
        out.writeInt(0).writeInt(list.size());
        for (Object item : list) {
            write(out, item);
        }
        out.setInt(sizeAt, out.writerIndex() - sizeAt - 4);
    }

    private static void writeMap(ByteBuf out, Map<?, ?> map) {
        out.writeByte(Codes.MAP32);
        int sizeAt = out.writerIndex();
        out.writeInt(0).writeInt(map.size() * 2);
        for (Map.Entry<?, ?> e : map.entrySet()) {
            write(out, e.getKey());
            write(out, e.getValue());
        }
        out.setInt(sizeAt, out.writerIndex() - sizeAt - 4);
    }

    /** Elements share one constructor: the widest form of the element code given. */
    private static void writeArray(ByteBuf out, AmqpArray a) {
        int code = wide(a.elementCode());
        out.writeByte(Codes.ARRAY32);
        int sizeAt = out.writerIndex();
        out.writeInt(0).writeInt(a.elements().size()).writeByte(code);
        for (Object e : a.elements()) {
            writeElement(out, code, e);
        }
        out.setInt(sizeAt, out.writerIndex() - sizeAt - 4);
    }

    private static int wide(int code) {
        return switch (code) {
            case Codes.SYM8 -> Codes.SYM32;
            case Codes.STR8 -> Codes.STR32;
            case Codes.VBIN8 -> Codes.VBIN32;
            case Codes.SMALLUINT, Codes.UINT0 -> Codes.UINT;
            case Codes.SMALLULONG, Codes.ULONG0 -> Codes.ULONG;
            case Codes.SMALLINT -> Codes.INT;
            case Codes.SMALLLONG -> Codes.LONG;
            case Codes.TRUE, Codes.FALSE -> Codes.BOOLEAN;
            case Codes.LIST0, Codes.LIST8 -> Codes.LIST32;
            case Codes.MAP8 -> Codes.MAP32;
            case Codes.ARRAY8 -> Codes.ARRAY32;
            default -> code;
        };
    }

    private static void writeElement(ByteBuf out, int code, Object e) {
        switch (code) {
            case Codes.SYM32 -> {
                byte[] b = ((Symbol) e).value().getBytes(StandardCharsets.US_ASCII);
                out.writeInt(b.length).writeBytes(b);
            }
            case Codes.STR32 -> {
                byte[] b = ((String) e).getBytes(StandardCharsets.UTF_8);
                out.writeInt(b.length).writeBytes(b);
            }
            case Codes.VBIN32 -> out.writeInt(((Binary) e).bytes().length).writeBytes(((Binary) e).bytes());
            case Codes.UINT -> out.writeInt((int) ((UInt) e).value());
            case Codes.ULONG -> out.writeLong(((ULong) e).value());
            case Codes.INT -> out.writeInt((Integer) e);
            case Codes.LONG -> out.writeLong((Long) e);
            case Codes.BOOLEAN -> out.writeByte((Boolean) e ? 1 : 0);
            default -> {
                // the element's own encoding without its constructor byte
                ByteBuf scratch = io.netty.buffer.Unpooled.buffer();
                write(scratch, e);
                if (scratch.getUnsignedByte(0) != code) {
                    throw new IllegalArgumentException(String.format("array element %s is not of code 0x%02x", e, code));
                }
                out.writeBytes(scratch, 1, scratch.readableBytes() - 1);
            }
        }
    }
}
