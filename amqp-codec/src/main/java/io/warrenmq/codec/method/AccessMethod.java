package io.warrenmq.codec.method;

import io.warrenmq.codec.types.MethodReader;
import io.warrenmq.codec.types.MethodWriter;

/**
 * Methods of AMQP class {@code access} (class id 30).
 * The deprecated access-ticket class; RabbitMQ answers {@code access.request} with a dummy ticket.
 *
 * <p>One record per method, components in spec field order; deprecated {@code ticket} fields are
 * omitted (skipped on read, written as a reserved short). Spec: amqp0-9-1.xml class "access";
 * field types per 4.2.5; ids per amqp-rabbitmq-0.9.1.json.
 *
 * <p>Thread-safety: immutable records.
 */
public sealed interface AccessMethod extends Method
        permits AccessMethod.Request, AccessMethod.RequestOk {
    int CLASS_ID = 30;

    @Override
    default int classId() {
        return CLASS_ID;
    }

    /** {@code access.request} (synchronous request). */
    record Request(String realm, boolean exclusive, boolean passive, boolean active,
            boolean write, boolean read) implements AccessMethod {
        public static final int METHOD_ID = 10;

        static Request read(MethodReader r) {
            return new Request(r.shortString(), r.bit(), r.bit(), r.bit(), r.bit(), r.bit());
        }

        @Override
        public void write(MethodWriter w) {
            w.shortString(realm);
            w.bit(exclusive);
            w.bit(passive);
            w.bit(active);
            w.bit(write);
            w.bit(read);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "access.request"; }
    }

    /** {@code access.request-ok}. */
    record RequestOk() implements AccessMethod {
        public static final int METHOD_ID = 11;
        public static final RequestOk INSTANCE = new RequestOk();

        static RequestOk read(MethodReader r) {
            r.skipShort();
            return INSTANCE;
        }

        @Override
        public void write(MethodWriter w) {
            w.shortInt(1); // why: RabbitMQ hands out ticket 1; clients ignore it
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "access.request-ok"; }
    }
}
