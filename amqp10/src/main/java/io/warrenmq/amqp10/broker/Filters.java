package io.warrenmq.amqp10.broker;

import io.warrenmq.amqp10.codec.Types.Described;
import io.warrenmq.amqp10.codec.Types.Symbol;
import io.warrenmq.amqp10.codec.Types.ULong;
import java.util.Map;

/**
 * The filters of a source that Warren applies: the JMS selector
 * ({@code apache.org:selector-filter:string}, 0x0000468C:0x00000004) and no-local
 * ({@code apache.org:no-local-filter:list}, 0x0000468C:0x00000003), found by descriptor (code or
 * symbol), whatever key the client filed them under. Any other filter is refused rather than
 * ignored: qpid-jms does not check which filters the attach reply echoes.
 */
record Filters(String selector, boolean noLocal) {
    static final long SELECTOR_CODE = 0x0000468C00000004L;
    static final long NO_LOCAL_CODE = 0x0000468C00000003L;
    static final Filters NONE = new Filters(null, false);

    /** Throws UnsupportedOperationException for a filter Warren does not know. */
    static Filters read(Map<Object, Object> filter) {
        if (filter == null || filter.isEmpty()) {
            return NONE;
        }
        String selector = null;
        boolean noLocal = false;
        for (Map.Entry<Object, Object> e : filter.entrySet()) {
            if (!(e.getValue() instanceof Described d)) {
                throw new UnsupportedOperationException("filter '" + key(e.getKey()) + "' is not a described value");
            }
            if (is(d, SELECTOR_CODE, "apache.org:selector-filter:string")) {
                if (!(d.value() instanceof String s)) {
                    throw new IllegalArgumentException("the selector filter's value must be a string");
                }
                selector = s.isBlank() ? null : s;
            } else if (is(d, NO_LOCAL_CODE, "apache.org:no-local-filter:list")) {
                noLocal = true;
            } else {
                throw new UnsupportedOperationException("filter '" + key(e.getKey()) + "' is not supported");
            }
        }
        return new Filters(selector, noLocal);
    }

    private static boolean is(Described d, long code, String symbol) {
        return d.descriptor() instanceof ULong u ? u.value() == code
                : d.descriptor() instanceof Symbol s && s.value().equals(symbol);
    }

    private static String key(Object k) {
        return k instanceof Symbol s ? s.value() : String.valueOf(k);
    }
}
