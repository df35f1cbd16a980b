package io.warrenmq.codec.types;

import io.netty.buffer.ByteBuf;
import io.warrenmq.codec.types.FieldValues.UnsignedByte;
import io.warrenmq.codec.types.FieldValues.UnsignedInt;
import io.warrenmq.codec.types.FieldValues.UnsignedShort;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable AMQP field table: string keys (shortstr) to typed values, insertion order preserved.
 *
 * <p>Value types (decode → Java, and the tag Java values encode to): {@code t} Boolean, {@code b} Byte,
 * {@code B} {@link UnsignedByte}, {@code s} Short, {@code u} {@link UnsignedShort}, {@code I} Integer,
 * {@code i} {@link UnsignedInt}, {@code l} Long, {@code f} Float, {@code d} Double, {@code D} BigDecimal,
 * {@code S} String (or byte[] when the octets are not valid UTF-8), {@code x} byte[], {@code A}
 * List&lt;Object&gt;, {@code T} Instant (seconds), {@code F} FieldTable, {@code V} null.
 *
 * <p>{@link #equals} compares by value, including byte arrays and nested lists/tables, and ignores key
 * order (as map equality does); the broker uses it for redeclare equivalence. Spec 4.2.5.5.
 *
 * <p>Thread-safety: immutable and safe to share; byte arrays handed out by {@link #get} must not be
 * modified.
 */
public final class FieldTable {
    public static final FieldTable EMPTY = new FieldTable(new LinkedHashMap<>());

    private final Map<String, Object> map;
    private int hash;

    private FieldTable(LinkedHashMap<String, Object> map) {
        this.map = Collections.unmodifiableMap(map);
    }

    /** Wraps a freshly decoded map without copying; values are already canonical. */
    static FieldTable wrap(LinkedHashMap<String, Object> map) {
        return new FieldTable(map);
    }

    /**
     * Copies {@code source}, converting nested maps to tables and arrays to lists.
     *
     * @throws IllegalArgumentException for keys that are not strings or values with no wire encoding
     */
    public static FieldTable of(Map<?, ?> source) {
        if (source == null || source.isEmpty()) {
            return EMPTY;
        }
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : source.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("field table keys must be strings: " + e.getKey());
            }
            copy.put(key, FieldCodec.normalize(e.getValue()));
        }
        return new FieldTable(copy);
    }

    /** Reads a table (32-bit length then fields) at the buffer's reader index. */
    public static FieldTable read(ByteBuf buf) {
        return FieldCodec.readTable(buf, 0);
    }

    /** Writes this table (32-bit length then fields). */
    public void write(ByteBuf buf) {
        FieldCodec.writeTable(buf, this, 0);
    }

    /** A copy with {@code key} set to {@code value} (replacing any previous value in place). */
    public FieldTable with(String key, Object value) {
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>(map);
        copy.put(Objects.requireNonNull(key, "key"), FieldCodec.normalize(value));
        return new FieldTable(copy);
    }

    /** A copy without {@code key}. */
    public FieldTable without(String key) {
        if (!map.containsKey(key)) {
            return this;
        }
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>(map);
        copy.remove(key);
        return copy.isEmpty() ? EMPTY : new FieldTable(copy);
    }

    public Object get(String key) {
        return map.get(key);
    }

    public boolean containsKey(String key) {
        return map.containsKey(key);
    }

    public Set<String> keys() {
        return map.keySet();
    }

    /** An unmodifiable view in insertion order. */
    public Map<String, Object> asMap() {
        return map;
    }

    public int size() {
        return map.size();
    }

    public boolean isEmpty() {
        return map.isEmpty();
    }

    /** The value if it is a String, else null. */
    public String getString(String key) {
        return map.get(key) instanceof String s ? s : null;
    }

    /** Any integer type widened to Long, else null. */
    public Long getLong(String key) {
        Object v = map.get(key);
        if (v instanceof Long l) {
            return l;
        } else if (v instanceof Integer i) {
            return (long) i;
        } else if (v instanceof Short s) {
            return (long) s;
        } else if (v instanceof Byte b) {
            return (long) b;
        } else if (v instanceof UnsignedInt u) {
            return u.value();
        } else if (v instanceof UnsignedShort u) {
            return (long) u.value();
        } else if (v instanceof UnsignedByte u) {
            return (long) u.value();
        }
        return null;
    }

    /** The value if it is a Boolean, else null. */
    public Boolean getBoolean(String key) {
        return map.get(key) instanceof Boolean b ? b : null;
    }

    /** The value if it is a nested table, else null. */
    public FieldTable getTable(String key) {
        return map.get(key) instanceof FieldTable t ? t : null;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FieldTable other) || other.map.size() != map.size()) {
            return false;
        }
        for (Map.Entry<String, Object> e : map.entrySet()) {
            if (!other.map.containsKey(e.getKey()) || !valueEquals(e.getValue(), other.map.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            for (Map.Entry<String, Object> e : map.entrySet()) {
                h += e.getKey().hashCode() ^ valueHash(e.getValue());
            }
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Object> e : map.entrySet()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append('=').append(valueString(e.getValue()));
        }
        return sb.append('}').toString();
    }

    static boolean valueEquals(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!valueEquals(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    static int valueHash(Object v) {
        if (v instanceof byte[] bytes) {
            return Arrays.hashCode(bytes);
        }
        if (v instanceof List<?> list) {
            int h = 1;
            for (Object element : list) {
                h = 31 * h + valueHash(element);
            }
            return h;
        }
        return Objects.hashCode(v);
    }

    private static String valueString(Object v) {
        if (v instanceof byte[] bytes) {
            return "bytes" + Arrays.toString(bytes);
        }
        if (v instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            for (Object element : list) {
                if (sb.length() > 1) {
                    sb.append(", ");
                }
                sb.append(valueString(element));
            }
            return sb.append(']').toString();
        }
        return String.valueOf(v);
    }
}
