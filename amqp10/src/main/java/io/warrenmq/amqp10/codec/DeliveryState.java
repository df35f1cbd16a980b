package io.warrenmq.amqp10.codec;

import io.warrenmq.amqp10.codec.Types.Described;
import io.warrenmq.amqp10.codec.Types.ULong;
import java.util.List;
import java.util.Map;

/**
 * A delivery's state (spec messaging.xml 3.4): the terminal outcomes Warren settles with, and any
 * other state (received, transactional) kept as it came, so it is not mistaken for an outcome.
 */
public sealed interface DeliveryState {
    Described encoded();

    record Accepted() implements DeliveryState {
        @Override
        public Described encoded() {
            return new Described(new ULong(Descriptors.ACCEPTED), List.of());
        }
    }

    record Rejected(ErrorCondition error) implements DeliveryState {
        @Override
        public Described encoded() {
            return new Described(new ULong(Descriptors.REJECTED), Fields.trim(error == null ? null : error.encoded()));
        }
    }

    record Released() implements DeliveryState {
        @Override
        public Described encoded() {
            return new Described(new ULong(Descriptors.RELEASED), List.of());
        }
    }

    record Modified(boolean deliveryFailed, boolean undeliverableHere, Map<Object, Object> messageAnnotations)
            implements DeliveryState {
        @Override
        public Described encoded() {
            return new Described(new ULong(Descriptors.MODIFIED), Fields.trim(deliveryFailed, undeliverableHere,
                    messageAnnotations));
        }
    }

    /** A state Warren does not act on (received, declared, transactional ...). */
    record Other(Described raw) implements DeliveryState {
        @Override
        public Described encoded() {
            return raw;
        }
    }

    static DeliveryState decode(Object v) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof Described d) || !(d.descriptor() instanceof ULong code)) {
            throw new DecodeException("a delivery state must be a described type");
        }
        if (code.value() == Descriptors.ACCEPTED) {
            return new Accepted();
        } else if (code.value() == Descriptors.REJECTED) {
            return new Rejected(ErrorCondition.decode(new Fields("rejected", d.value()).get(0)));
        } else if (code.value() == Descriptors.RELEASED) {
            return new Released();
        } else if (code.value() == Descriptors.MODIFIED) {
            Fields f = new Fields("modified", d.value());
            return new Modified(f.bool(0, false), f.bool(1, false), f.map(2));
        }
        return new Other(d);
    }
}
