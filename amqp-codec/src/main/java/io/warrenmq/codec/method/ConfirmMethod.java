package io.warrenmq.codec.method;

import io.warrenmq.codec.types.MethodReader;
import io.warrenmq.codec.types.MethodWriter;

/**
 * Methods of AMQP class {@code confirm} (class id 85).
 * Publisher confirms (RabbitMQ extension).
 *
 * <p>One record per method, components in spec field order; deprecated {@code ticket} fields are
 * omitted (skipped on read, written as a reserved short). Spec: amqp0-9-1.xml class "confirm";
 * field types per 4.2.5; ids per amqp-rabbitmq-0.9.1.json.
 *
 * <p>Thread-safety: immutable records.
 */
public sealed interface ConfirmMethod extends Method
        permits ConfirmMethod.Select, ConfirmMethod.SelectOk {
    int CLASS_ID = 85;

    @Override
    default int classId() {
        return CLASS_ID;
    }

    /** {@code confirm.select} (synchronous request). */
    record Select(boolean noWait) implements ConfirmMethod {
        public static final int METHOD_ID = 10;

        static Select read(MethodReader r) {
            return new Select(r.bit());
        }

        @Override
        public void write(MethodWriter w) {
            w.bit(noWait);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "confirm.select"; }
    }

    /** {@code confirm.select-ok}. */
    record SelectOk() implements ConfirmMethod {
        public static final int METHOD_ID = 11;
        public static final SelectOk INSTANCE = new SelectOk();

        static SelectOk read(MethodReader r) {
            return INSTANCE;
        }

        @Override
        public void write(MethodWriter w) {
            // no fields
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "confirm.select-ok"; }
    }
}
