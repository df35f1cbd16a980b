package io.warrenmq.amqp10.codec;

import java.util.List;

/** end (0x17): a session ends, with an error if it failed. */
public record End(ErrorCondition error) implements Performative {
    @Override
    public long descriptor() {
        return Descriptors.END;
    }

    @Override
    public List<Object> fields() {
        return Fields.trim(error == null ? null : error.encoded());
    }
}
