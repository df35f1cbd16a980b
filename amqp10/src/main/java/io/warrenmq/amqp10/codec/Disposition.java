package io.warrenmq.amqp10.codec;

import io.warrenmq.amqp10.codec.Types.UInt;
import java.util.List;

/** disposition (0x15): the outcome of deliveries {@code first..last} ({@code last} = first when absent). */
public record Disposition(boolean receiver, long first, long last, boolean settled, DeliveryState state)
        implements Performative {
    static Disposition decode(Fields f) {
        long first = f.mandatoryUint(1);
        return new Disposition(f.bool(0, false), first, f.uint(2, first), f.bool(3, false),
                DeliveryState.decode(f.get(4)));
    }

    @Override
    public long descriptor() {
        return Descriptors.DISPOSITION;
    }

    @Override
    public List<Object> fields() {
        return Fields.trim(receiver, UInt.of(first), last == first ? null : UInt.of(last), settled ? Boolean.TRUE : null,
                state == null ? null : state.encoded());
    }
}
