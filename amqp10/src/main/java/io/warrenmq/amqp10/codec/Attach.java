package io.warrenmq.amqp10.codec;

import io.warrenmq.amqp10.codec.Types.Symbol;
import io.warrenmq.amqp10.codec.Types.UByte;
import io.warrenmq.amqp10.codec.Types.UInt;
import io.warrenmq.amqp10.codec.Types.ULong;
import java.util.List;
import java.util.Map;

/**
 * attach (0x12). {@code receiver} is the role of the frame's sender ({@code true}: it receives).
 * Source and target stay as decoded ({@link Terminus} reads them) so a reply can echo them.
 * {@code initialDeliveryCount} is -1 when absent; {@code maxMessageSize} 0 when unlimited.
 */
public record Attach(String name, long handle, boolean receiver, int sndSettleMode, int rcvSettleMode, Object source,
        Object target, long initialDeliveryCount, long maxMessageSize, List<Symbol> offeredCapabilities,
        List<Symbol> desiredCapabilities, Map<Object, Object> properties) implements Performative {
    public static final int SND_UNSETTLED = 0;
    public static final int SND_SETTLED = 1;
    public static final int SND_MIXED = 2;
    public static final int RCV_FIRST = 0;
    public static final int RCV_SECOND = 1;

    static Attach decode(Fields f) {
        return new Attach(f.mandatoryString(0), f.mandatoryUint(1), f.bool(2, false), f.ubyte(3, SND_MIXED),
                f.ubyte(4, RCV_FIRST), f.get(5), f.get(6), f.uint(9, -1), f.ulong(10, 0), f.symbols(11),
                f.symbols(12), f.map(13));
    }

    @Override
    public long descriptor() {
        return Descriptors.ATTACH;
    }

    @Override
    public List<Object> fields() {
        return Fields.trim(name, UInt.of(handle), receiver, new UByte(sndSettleMode), new UByte(rcvSettleMode), source,
                target, null, null, initialDeliveryCount < 0 ? null : UInt.of(initialDeliveryCount),
                maxMessageSize == 0 ? null : new ULong(maxMessageSize), Fields.symbolsValue(offeredCapabilities),
                Fields.symbolsValue(desiredCapabilities), properties);
    }
}
