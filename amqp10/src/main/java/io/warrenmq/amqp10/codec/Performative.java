package io.warrenmq.amqp10.codec;

import io.netty.buffer.ByteBuf;
import io.warrenmq.amqp10.codec.Types.Described;
import io.warrenmq.amqp10.codec.Types.ULong;
import java.util.List;

/**
 * The body of an AMQP frame (spec transport.xml, section 2.7): one record per performative, each
 * a described list with its fields in the spec's order.
 */
public sealed interface Performative permits Open, Begin, Attach, Flow, Transfer, Disposition, Detach, End, Close {
    long descriptor();

    /** The fields in order, trailing absent ones dropped. */
    List<Object> fields();

    default void encode(ByteBuf out) {
        Encoder.write(out, new Described(new ULong(descriptor()), fields()));
    }

    /** Reads the performative at the buffer's reader index (the payload of a transfer follows it). */
    static Performative decode(ByteBuf in) {
        Object v = Decoder.read(in);
        if (!(v instanceof Described d) || !(d.descriptor() instanceof ULong code)) {
            throw new DecodeException("a frame body must start with a described performative");
        }
        return switch ((int) code.value()) {
            case (int) Descriptors.OPEN -> Open.decode(new Fields("open", d.value()));
            case (int) Descriptors.BEGIN -> Begin.decode(new Fields("begin", d.value()));
            case (int) Descriptors.ATTACH -> Attach.decode(new Fields("attach", d.value()));
            case (int) Descriptors.FLOW -> Flow.decode(new Fields("flow", d.value()));
            case (int) Descriptors.TRANSFER -> Transfer.decode(new Fields("transfer", d.value()));
            case (int) Descriptors.DISPOSITION -> Disposition.decode(new Fields("disposition", d.value()));
            case (int) Descriptors.DETACH -> Detach.decode(new Fields("detach", d.value()));
            case (int) Descriptors.END -> new End(ErrorCondition.decode(new Fields("end", d.value()).get(0)));
            case (int) Descriptors.CLOSE -> new Close(ErrorCondition.decode(new Fields("close", d.value()).get(0)));
            default -> throw new DecodeException(String.format("unknown performative 0x%02x", code.value()));
        };
    }
}
