package io.warrenmq.amqp10.codec;

import io.warrenmq.amqp10.codec.Types.UInt;
import java.util.List;

/** detach (0x16). */
public record Detach(long handle, boolean closed, ErrorCondition error) implements Performative {
    static Detach decode(Fields f) {
        return new Detach(f.mandatoryUint(0), f.bool(1, false), ErrorCondition.decode(f.get(2)));
    }

    @Override
    public long descriptor() {
        return Descriptors.DETACH;
    }

    @Override
    public List<Object> fields() {
        return Fields.trim(UInt.of(handle), closed ? Boolean.TRUE : null, error == null ? null : error.encoded());
    }
}
