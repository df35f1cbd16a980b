package io.warrenmq.amqp10.codec;

import io.warrenmq.amqp10.codec.Types.Described;
import io.warrenmq.amqp10.codec.Types.Symbol;
import io.warrenmq.amqp10.codec.Types.ULong;
import java.util.List;

/**
 * A source (0x28) or target (0x29) as far as Warren reads it: address, dynamic, capabilities. The
 * decoded value itself is what an attach reply echoes.
 */
public record Terminus(boolean source, String address, boolean dynamic, List<Symbol> capabilities, long durable,
        Symbol expiryPolicy, java.util.Map<Object, Object> filter) {
    public static final Symbol NEVER = Symbol.of("never");

    /** Null when {@code v} is null (a null source or target). */
    public static Terminus read(Object v) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof Described d) || !(d.is(Descriptors.SOURCE) || d.is(Descriptors.TARGET))) {
            return new Terminus(false, null, false, List.of(), 0, null, null); // a coordinator or unknown terminus
        }
        boolean source = d.is(Descriptors.SOURCE);
        Fields f = new Fields(source ? "source" : "target", d.value());
        Object address = f.get(0);
        return new Terminus(source, address instanceof String s ? s : null, f.bool(4, false),
                f.symbols(source ? 10 : 6), f.uint(1, 0), f.symbol(2), source ? f.map(7) : null);
    }

    public static boolean isCoordinator(Object v) {
        return v instanceof Described d && d.is(Descriptors.COORDINATOR);
    }

    /** The same source or target with its address set: the answer to a dynamic one. */
    public static Described withAddress(Object terminus, String address) {
        Described d = (Described) terminus;
        java.util.List<Object> fields = new java.util.ArrayList<>((java.util.List<?>) d.value());
        if (fields.isEmpty()) {
            fields.add(address);
        } else {
            fields.set(0, address);
        }
        return new Described(d.descriptor(), fields);
    }

    /** A source with this address, for an attach reply that must name one. */
    public static Described sourceWithAddress(String address) {
        return new Described(new ULong(Descriptors.SOURCE), Fields.trim(address));
    }
}
