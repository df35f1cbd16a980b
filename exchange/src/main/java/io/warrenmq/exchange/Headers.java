package io.warrenmq.exchange;

import java.util.Map;

/**
 * A message's headers ({@code basic.properties.headers}) as decoded field-table values, as the headers exchange
 * sees them. Values are Java objects: Boolean, Byte, Short, Integer, Long, Float, Double, BigDecimal, String,
 * byte[], List&lt;Object&gt;, Instant, Map&lt;String,Object&gt; (nested table), or {@code null} for void.
 * The server adapts its FieldTable to this interface so that this module stays free of codec types.
 *
 * <p>Thread-safety: implementations must be safe to read from the routing thread; they are never mutated here.
 */
public interface Headers {

    /** Headers of a message that has none. */
    Headers EMPTY = new Headers() {
        @Override
        public Object get(String name) {
            return null;
        }

        @Override
        public boolean contains(String name) {
            return false;
        }

        @Override
        public String toString() {
            return "Headers.EMPTY";
        }
    };

    /** The decoded value of header {@code name}, or {@code null} when absent or void (see {@link #contains}). */
    Object get(String name);

    /** True when the header is present, including with a void value. */
    boolean contains(String name);

    /** Headers backed by a map (null values are void headers); the map must not change while routing. */
    static Headers of(Map<String, ?> map) {
        if (map == null || map.isEmpty()) {
            return EMPTY;
        }
        return new Headers() {
            @Override
            public Object get(String name) {
                return map.get(name);
            }

            @Override
            public boolean contains(String name) {
                return map.containsKey(name);
            }

            @Override
            public String toString() {
                return map.toString();
            }
        };
    }
}
