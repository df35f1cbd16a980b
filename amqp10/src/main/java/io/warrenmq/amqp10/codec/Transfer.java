package io.warrenmq.amqp10.codec;

import io.warrenmq.amqp10.codec.Types.Binary;
import io.warrenmq.amqp10.codec.Types.UInt;
import java.util.List;

/**
 * transfer (0x14); the message bytes follow it in the frame. On continuation frames of a
 * multi-frame delivery {@code deliveryId} is -1 and {@code deliveryTag} null; {@code settled} is
 * null when absent (continuations inherit the first frame's).
 */
public record Transfer(long handle, long deliveryId, Binary deliveryTag, long messageFormat, Boolean settled,
        boolean more, DeliveryState state, boolean aborted) implements Performative {
    static Transfer decode(Fields f) {
        Object settled = f.get(4);
        if (settled != null && !(settled instanceof Boolean)) {
            throw new DecodeException("transfer field 4 must be a boolean");
        }
        return new Transfer(f.mandatoryUint(0), f.uint(1, -1), f.binary(2), f.uint(3, 0), (Boolean) settled,
                f.bool(5, false), DeliveryState.decode(f.get(7)), f.bool(9, false));
    }

    @Override
    public long descriptor() {
        return Descriptors.TRANSFER;
    }

    @Override
    public List<Object> fields() {
        return Fields.trim(UInt.of(handle), deliveryId < 0 ? null : UInt.of(deliveryId), deliveryTag,
                deliveryId < 0 ? null : UInt.of(messageFormat), settled, more ? Boolean.TRUE : null, null,
                state == null ? null : state.encoded(), null, aborted ? Boolean.TRUE : null);
    }
}
