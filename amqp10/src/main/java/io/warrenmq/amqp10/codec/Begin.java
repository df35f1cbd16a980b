package io.warrenmq.amqp10.codec;

import io.warrenmq.amqp10.codec.Types.UInt;
import io.warrenmq.amqp10.codec.Types.UShort;
import java.util.List;

/** begin (0x11). {@code remoteChannel} is -1 when absent (the peer is starting the session). */
public record Begin(int remoteChannel, long nextOutgoingId, long incomingWindow, long outgoingWindow, long handleMax)
        implements Performative {
    static Begin decode(Fields f) {
        return new Begin(f.ushort(0, -1), f.mandatoryUint(1), f.mandatoryUint(2), f.mandatoryUint(3),
                f.uint(4, 0xFFFFFFFFL));
    }

    @Override
    public long descriptor() {
        return Descriptors.BEGIN;
    }

    @Override
    public List<Object> fields() {
        return Fields.trim(remoteChannel < 0 ? null : new UShort(remoteChannel), UInt.of(nextOutgoingId),
                UInt.of(incomingWindow), UInt.of(outgoingWindow), UInt.of(handleMax));
    }
}
