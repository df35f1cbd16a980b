package io.warrenmq.amqp10.codec;

import io.netty.buffer.ByteBuf;
import io.warrenmq.amqp10.codec.Types.Binary;
import io.warrenmq.amqp10.codec.Types.Described;
import io.warrenmq.amqp10.codec.Types.Symbol;
import io.warrenmq.amqp10.codec.Types.UByte;
import io.warrenmq.amqp10.codec.Types.ULong;
import java.util.List;

/** The SASL frames' bodies (spec security.xml 5.3). */
public sealed interface SaslFrame {
    record Mechanisms(List<Symbol> mechanisms) implements SaslFrame {
    }

    record Init(Symbol mechanism, byte[] initialResponse, String hostname) implements SaslFrame {
    }

    /** Code 0 ok, 1 auth, 2 sys, 3 sys-perm, 4 sys-temp. */
    record Outcome(int code) implements SaslFrame {
        public static final int OK = 0;
        public static final int AUTH = 1;
        public static final int SYS_PERM = 3;
    }

    static SaslFrame decode(ByteBuf in) {
        Object v = Decoder.read(in);
        if (!(v instanceof Described d)) {
            throw new DecodeException("a SASL frame must hold a described type");
        }
        if (d.is(Descriptors.SASL_INIT)) {
            Fields f = new Fields("sasl-init", d.value());
            Symbol mechanism = f.symbol(0);
            if (mechanism == null) {
                throw new DecodeException("sasl-init field 0 (mechanism) is mandatory");
            }
            Binary response = f.binary(1);
            return new Init(mechanism, response == null ? new byte[0] : response.bytes(), f.string(2));
        } else if (d.is(Descriptors.SASL_MECHANISMS)) {
            return new Mechanisms(new Fields("sasl-mechanisms", d.value()).symbols(0));
        } else if (d.is(Descriptors.SASL_OUTCOME)) {
            return new Outcome(new Fields("sasl-outcome", d.value()).ubyte(0, 0));
        }
        throw new DecodeException("unexpected SASL frame " + d.descriptor());
    }

    static void encode(ByteBuf out, SaslFrame frame) {
        Described d;
        if (frame instanceof Mechanisms m) {
            d = new Described(new ULong(Descriptors.SASL_MECHANISMS), List.of(Types.AmqpArray.ofSymbols(m.mechanisms())));
        } else if (frame instanceof Init i) {
            d = new Described(new ULong(Descriptors.SASL_INIT),
                    Fields.trim(i.mechanism(), new Binary(i.initialResponse()), i.hostname()));
        } else {
            d = new Described(new ULong(Descriptors.SASL_OUTCOME), List.of(new UByte(((Outcome) frame).code())));
        }
        Encoder.write(out, d);
    }
}
