package io.warrenmq.amqp10.codec;

import io.warrenmq.amqp10.codec.Types.Symbol;
import io.warrenmq.amqp10.codec.Types.UInt;
import io.warrenmq.amqp10.codec.Types.UShort;
import java.util.List;
import java.util.Map;

/** open (0x10): a connection's parameters. {@code maxFrameSize} and {@code idleTimeout} are uints. */
public record Open(String containerId, String hostname, long maxFrameSize, int channelMax, long idleTimeout,
        List<Symbol> offeredCapabilities, List<Symbol> desiredCapabilities, Map<Object, Object> properties)
        implements Performative {
    public static final long DEFAULT_MAX_FRAME_SIZE = 0xFFFFFFFFL;

    static Open decode(Fields f) {
        return new Open(f.mandatoryString(0), f.string(1), f.uint(2, DEFAULT_MAX_FRAME_SIZE), f.ushort(3, 65535),
                f.uint(4, 0), f.symbols(7), f.symbols(8), f.map(9));
    }

    @Override
    public long descriptor() {
        return Descriptors.OPEN;
    }

    @Override
    public List<Object> fields() {
        return Fields.trim(containerId, hostname, UInt.of(maxFrameSize), new UShort(channelMax),
                idleTimeout == 0 ? null : UInt.of(idleTimeout), null, null, Fields.symbolsValue(offeredCapabilities),
                Fields.symbolsValue(desiredCapabilities), properties == null || properties.isEmpty() ? null : properties);
    }
}
