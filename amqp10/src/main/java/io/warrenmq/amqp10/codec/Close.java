package io.warrenmq.amqp10.codec;

import java.util.List;

/** close (0x18): the connection closes, with an error if it failed. */
public record Close(ErrorCondition error) implements Performative {
    @Override
    public long descriptor() {
        return Descriptors.CLOSE;
    }

    @Override
    public List<Object> fields() {
        return Fields.trim(error == null ? null : error.encoded());
    }
}
