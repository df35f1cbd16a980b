package io.warrenmq.amqp10.codec;

import io.warrenmq.amqp10.codec.Types.UInt;
import java.util.List;

/**
 * flow (0x13): session windows and, with a handle, one link's credit. Absent optional uints are -1
 * ({@code nextIncomingId} before the peer's begin was seen; the link fields on a session flow).
 */
public record Flow(long nextIncomingId, long incomingWindow, long nextOutgoingId, long outgoingWindow, long handle,
        long deliveryCount, long linkCredit, long available, boolean drain, boolean echo) implements Performative {
    static Flow decode(Fields f) {
        return new Flow(f.uint(0, -1), f.mandatoryUint(1), f.mandatoryUint(2), f.mandatoryUint(3), f.uint(4, -1),
                f.uint(5, -1), f.uint(6, -1), f.uint(7, -1), f.bool(8, false), f.bool(9, false));
    }

    public boolean hasLink() {
        return handle >= 0;
    }

    @Override
    public long descriptor() {
        return Descriptors.FLOW;
    }

    @Override
    public List<Object> fields() {
        return Fields.trim(opt(nextIncomingId), UInt.of(incomingWindow), UInt.of(nextOutgoingId),
                UInt.of(outgoingWindow), opt(handle), opt(deliveryCount), opt(linkCredit), opt(available),
                drain ? Boolean.TRUE : null, echo ? Boolean.TRUE : null);
    }

    private static UInt opt(long v) {
        return v < 0 ? null : UInt.of(v);
    }
}
