package io.warrenmq.codec.types;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.ReplyCode;
import io.warrenmq.codec.types.FieldValues.UnsignedByte;
import io.warrenmq.codec.types.FieldValues.UnsignedInt;
import io.warrenmq.codec.types.FieldValues.UnsignedShort;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Wire encoding of field tables, field arrays and field values (tags {@code t b B s u I i l f d D S x A T
 * F V}), as RabbitMQ and its clients use them.
 *
 * <p>Reads check every length against the readable bytes before allocating and bound nesting at
 * {@link #MAX_DEPTH} so hostile input cannot overflow the stack; all failures are {@code SYNTAX_ERROR}.
 * Spec: 4.2.5.5 "Field Tables" plus RabbitMQ's errata table of type tags ("amqp-0-9-1-errata").
 *
 * <p>Thread-safety: stateless static functions.
 */
final class FieldCodec {
    /** Deepest nesting of tables/arrays accepted from the wire. */
    static final int MAX_DEPTH = 100;

    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);

    private FieldCodec() {
    }

    static FieldTable readTable(ByteBuf buf, int depth) {
        ByteBuf content = readSized(buf, "table");
        if (!content.isReadable()) {
            return FieldTable.EMPTY;
        }
        checkDepth(depth);
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        while (content.isReadable()) {
            int nameLength = content.readUnsignedByte();
            need(content, nameLength + 1, "field name");
            String name = LosslessUtf8.decode(content, content.readerIndex(), nameLength);
            content.skipBytes(nameLength);
            map.put(name, readValue(content, depth));
        }
        return FieldTable.wrap(map);
    }

    static void writeTable(ByteBuf buf, FieldTable table, int depth) {
        int lengthIndex = buf.writerIndex();
        buf.writeInt(0);
        for (Map.Entry<String, Object> e : table.asMap().entrySet()) {
            MethodWriter.writeShortString(buf, e.getKey());
            writeValue(buf, e.getValue(), depth);
        }
        buf.setInt(lengthIndex, buf.writerIndex() - lengthIndex - 4);
    }

    static Object readValue(ByteBuf buf, int depth) {
        need(buf, 1, "field value");
        byte tag = buf.readByte();
        switch (tag) {
            case 't': need(buf, 1, "boolean"); return buf.readByte() != 0;
            case 'b': need(buf, 1, "byte"); return buf.readByte();
            case 'B': need(buf, 1, "unsigned byte"); return new UnsignedByte(buf.readUnsignedByte());
            case 's': need(buf, 2, "short"); return buf.readShort();
            case 'u': need(buf, 2, "unsigned short"); return new UnsignedShort(buf.readUnsignedShort());
            case 'I': need(buf, 4, "int"); return buf.readInt();
            case 'i': need(buf, 4, "unsigned int"); return new UnsignedInt(buf.readUnsignedInt());
            case 'l': need(buf, 8, "long"); return buf.readLong();
            case 'f': need(buf, 4, "float"); return buf.readFloat();
            case 'd': need(buf, 8, "double"); return buf.readDouble();
            case 'D': {
                need(buf, 5, "decimal");
                int scale = buf.readUnsignedByte();
                return BigDecimal.valueOf(buf.readInt(), scale);
            }
            case 'S': {
                ByteBuf s = readSized(buf, "longstr");
                // why: keep the value lossless; a string that is not valid UTF-8 stays as its bytes
                if (ByteBufUtil.isText(s, StandardCharsets.UTF_8)) {
                    return s.toString(StandardCharsets.UTF_8);
                }
                return ByteBufUtil.getBytes(s);
            }
            case 'x': return ByteBufUtil.getBytes(readSized(buf, "byte array"));
            case 'A': return readArray(buf, depth + 1);
            case 'T': need(buf, 8, "timestamp"); return instant(buf.readLong());
            case 'F': return readTable(buf, depth + 1);
            case 'V': return null;
            default:
                throw AmqpException.of(ReplyCode.SYNTAX_ERROR, "unknown field value type '%s' (0x%02x)",
                        tag >= 0x20 && tag < 0x7f ? String.valueOf((char) tag) : "?", tag & 0xFF);
        }
    }

    private static List<Object> readArray(ByteBuf buf, int depth) {
        ByteBuf content = readSized(buf, "array");
        if (!content.isReadable()) {
            return List.of();
        }
        checkDepth(depth);
        List<Object> list = new ArrayList<>();
        while (content.isReadable()) {
            list.add(readValue(content, depth));
        }
        return Collections.unmodifiableList(list);
    }

    static void writeValue(ByteBuf buf, Object v, int depth) {
        if (v == null) {
            buf.writeByte('V');
        } else if (v instanceof String s) {
            buf.writeByte('S');
            int lengthIndex = buf.writerIndex();
            buf.writeInt(0);
            buf.setInt(lengthIndex, ByteBufUtil.writeUtf8(buf, s));
        } else if (v instanceof Integer i) {
            buf.writeByte('I').writeInt(i);
        } else if (v instanceof Long l) {
            buf.writeByte('l').writeLong(l);
        } else if (v instanceof Boolean b) {
            buf.writeByte('t').writeByte(b ? 1 : 0);
        } else if (v instanceof FieldTable t) {
            buf.writeByte('F');
            writeTable(buf, t, depth + 1);
        } else if (v instanceof byte[] bytes) {
            buf.writeByte('x').writeInt(bytes.length).writeBytes(bytes);
        } else if (v instanceof List<?> list) {
            buf.writeByte('A');
            int lengthIndex = buf.writerIndex();
            buf.writeInt(0);
            for (Object element : list) {
                writeValue(buf, element, depth + 1);
            }
            buf.setInt(lengthIndex, buf.writerIndex() - lengthIndex - 4);
        } else if (v instanceof Byte b) {
            buf.writeByte('b').writeByte(b);
        } else if (v instanceof UnsignedByte b) {
            buf.writeByte('B').writeByte(b.value());
        } else if (v instanceof Short s) {
            buf.writeByte('s').writeShort(s);
        } else if (v instanceof UnsignedShort s) {
            buf.writeByte('u').writeShort(s.value());
        } else if (v instanceof UnsignedInt i) {
            buf.writeByte('i').writeInt((int) i.value());
        } else if (v instanceof Float f) {
            buf.writeByte('f').writeFloat(f);
        } else if (v instanceof Double d) {
            buf.writeByte('d').writeDouble(d);
        } else if (v instanceof BigDecimal d) {
            buf.writeByte('D').writeByte(d.scale()).writeInt(d.unscaledValue().intValueExact());
        } else if (v instanceof Instant t) {
            buf.writeByte('T').writeLong(t.getEpochSecond());
        } else {
            throw new IllegalArgumentException("unsupported field value type " + v.getClass().getName());
        }
    }

    /**
     * Converts a caller-supplied value into the canonical immutable form stored in a {@link FieldTable}.
     *
     * @throws IllegalArgumentException if the value has no field-table encoding
     */
    static Object normalize(Object v) {
        if (v == null || v instanceof String || v instanceof Integer || v instanceof Long
                || v instanceof Boolean || v instanceof FieldTable || v instanceof Byte || v instanceof Short
                || v instanceof Float || v instanceof Double || v instanceof UnsignedByte
                || v instanceof UnsignedShort || v instanceof UnsignedInt) {
            return v;
        }
        if (v instanceof byte[] bytes) {
            return bytes.clone();
        }
        if (v instanceof Map<?, ?> map) {
            return FieldTable.of(map);
        }
        if (v instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(normalize(element));
            }
            return Collections.unmodifiableList(copy);
        }
        if (v instanceof Object[] array) {
            return normalize(java.util.Arrays.asList(array));
        }
        if (v instanceof Instant t) {
            return t.getNano() == 0 ? t : Instant.ofEpochSecond(t.getEpochSecond());
        }
        if (v instanceof Date d) {
            return Instant.ofEpochSecond(Math.floorDiv(d.getTime(), 1000L));
        }
        if (v instanceof BigDecimal d) {
            BigInteger unscaled = d.unscaledValue();
            if (d.scale() < 0 || d.scale() > 255 || unscaled.compareTo(INT_MIN) < 0 || unscaled.compareTo(INT_MAX) > 0) {
                throw new IllegalArgumentException("decimal " + d + " needs scale 0..255 and a 32-bit unscaled value");
            }
            return d;
        }
        throw new IllegalArgumentException("unsupported field value type " + v.getClass().getName());
    }

    static Instant instant(long seconds) {
        try {
            return Instant.ofEpochSecond(seconds);
        } catch (DateTimeException e) {
            throw AmqpException.of(ReplyCode.SYNTAX_ERROR, "timestamp %d out of range", seconds);
        }
    }

    private static ByteBuf readSized(ByteBuf buf, String what) {
        need(buf, 4, what);
        long length = buf.readUnsignedInt();
        if (length > buf.readableBytes()) {
            throw AmqpException.of(ReplyCode.SYNTAX_ERROR, "%s length %d exceeds the %d remaining octets",
                    what, length, buf.readableBytes());
        }
        return buf.readSlice((int) length);
    }

    private static void need(ByteBuf buf, int n, String what) {
        if (buf.readableBytes() < n) {
            throw AmqpException.of(ReplyCode.SYNTAX_ERROR, "truncated %s: needed %d octets, %d left",
                    what, n, buf.readableBytes());
        }
    }

    private static void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw AmqpException.of(ReplyCode.SYNTAX_ERROR, "field tables nested deeper than %d", MAX_DEPTH);
        }
    }
}
