package io.warrenmq.amqp10.codec;

import io.warrenmq.amqp10.codec.Types.AmqpArray;
import io.warrenmq.amqp10.codec.Types.Binary;
import io.warrenmq.amqp10.codec.Types.Symbol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A composite's fields by position, read with the spec's defaults for absent (null or missing)
 * trailing fields, and type-checked: a field of the wrong type is a decode error.
 *
 * <p>Thread-safety: not thread-safe; used while one frame is decoded.
 */
public final class Fields {
    private final String type;
    private final List<?> values;

    public Fields(String type, Object value) {
        if (!(value instanceof List<?> list)) {
            throw new DecodeException(type + " is not a list");
        }
        this.type = type;
        this.values = list;
    }

    public Object get(int i) {
        return i < values.size() ? values.get(i) : null;
    }

    private <T> T as(int i, Class<T> c, String what) {
        Object v = get(i);
        if (v == null) {
            return null;
        }
        if (!c.isInstance(v)) {
            throw new DecodeException(type + " field " + i + " must be " + what + ", not " + v.getClass().getSimpleName());
        }
        return c.cast(v);
    }

    public String string(int i) {
        return as(i, String.class, "a string");
    }

    public String mandatoryString(int i) {
        String s = string(i);
        if (s == null) {
            throw new DecodeException(type + " field " + i + " is mandatory");
        }
        return s;
    }

    public long uint(int i, long dflt) {
        Types.UInt u = as(i, Types.UInt.class, "a uint");
        return u == null ? dflt : u.value();
    }

    public long mandatoryUint(int i) {
        if (get(i) == null) {
            throw new DecodeException(type + " field " + i + " is mandatory");
        }
        return uint(i, 0);
    }

    public int ushort(int i, int dflt) {
        Types.UShort u = as(i, Types.UShort.class, "a ushort");
        return u == null ? dflt : u.value();
    }

    public int ubyte(int i, int dflt) {
        Types.UByte u = as(i, Types.UByte.class, "a ubyte");
        return u == null ? dflt : u.value();
    }

    public long ulong(int i, long dflt) {
        Types.ULong u = as(i, Types.ULong.class, "a ulong");
        return u == null ? dflt : u.value();
    }

    public boolean bool(int i, boolean dflt) {
        Boolean b = as(i, Boolean.class, "a boolean");
        return b == null ? dflt : b;
    }

    public Symbol symbol(int i) {
        return as(i, Symbol.class, "a symbol");
    }

    public Binary binary(int i) {
        return as(i, Binary.class, "binary");
    }

    @SuppressWarnings("unchecked")
    public Map<Object, Object> map(int i) {
        return as(i, Map.class, "a map");
    }

    /** A {@code multiple="true"} symbol field: one symbol or an array of them. */
    public List<Symbol> symbols(int i) {
        Object v = get(i);
        if (v == null) {
            return List.of();
        }
        if (v instanceof Symbol s) {
            return List.of(s);
        }
        if (v instanceof AmqpArray a) {
            List<Symbol> out = new ArrayList<>(a.elements().size());
            for (Object e : a.elements()) {
                if (!(e instanceof Symbol s)) {
                    throw new DecodeException(type + " field " + i + " must hold symbols");
                }
                out.add(s);
            }
            return out;
        }
        throw new DecodeException(type + " field " + i + " must be symbols");
    }

    /** Encodes a symbol list for a {@code multiple} field: null when empty (the field is omitted). */
    public static Object symbolsValue(List<Symbol> symbols) {
        return symbols == null || symbols.isEmpty() ? null : AmqpArray.ofSymbols(symbols);
    }

    /** The composite's field list, trailing nulls dropped (the spec allows omitting them). */
    public static List<Object> trim(Object... fields) {
        int n = fields.length;
        while (n > 0 && fields[n - 1] == null) {
            n--;
        }
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(fields[i]);
        }
        return out;
    }
}
