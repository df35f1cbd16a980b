package io.warrenmq.codec.method;

import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.codec.types.MethodReader;
import io.warrenmq.codec.types.MethodWriter;

/**
 * Methods of AMQP class {@code exchange} (class id 40).
 * Exchange declaration, deletion and exchange-to-exchange bindings (RabbitMQ extension).
 *
 * <p>One record per method, components in spec field order; deprecated {@code ticket} fields are
 * omitted (skipped on read, written as a reserved short). Spec: amqp0-9-1.xml class "exchange";
 * field types per 4.2.5; ids per amqp-rabbitmq-0.9.1.json.
 *
 * <p>Thread-safety: immutable records.
 */
public sealed interface ExchangeMethod extends Method
        permits ExchangeMethod.Declare, ExchangeMethod.DeclareOk, ExchangeMethod.Delete, ExchangeMethod.DeleteOk,
                ExchangeMethod.Bind, ExchangeMethod.BindOk, ExchangeMethod.Unbind, ExchangeMethod.UnbindOk {
    int CLASS_ID = 40;

    @Override
    default int classId() {
        return CLASS_ID;
    }

    /** {@code exchange.declare} (synchronous request). */
    record Declare(String exchange, String type, boolean passive, boolean durable,
            boolean autoDelete, boolean internal, boolean noWait, FieldTable arguments) implements ExchangeMethod {
        public static final int METHOD_ID = 10;

        static Declare read(MethodReader r) {
            r.skipShort();
            return new Declare(
                    r.shortString(), r.shortString(), r.bit(), r.bit(), r.bit(), r.bit(), r.bit(), r.table());
        }

        @Override
        public void write(MethodWriter w) {
            w.shortInt(0); // reserved ticket
            w.shortString(exchange);
            w.shortString(type);
            w.bit(passive);
            w.bit(durable);
            w.bit(autoDelete);
            w.bit(internal);
            w.bit(noWait);
            w.table(arguments);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "exchange.declare"; }
    }

    /** {@code exchange.declare-ok}. */
    record DeclareOk() implements ExchangeMethod {
        public static final int METHOD_ID = 11;
        public static final DeclareOk INSTANCE = new DeclareOk();

        static DeclareOk read(MethodReader r) {
            return INSTANCE;
        }

        @Override
        public void write(MethodWriter w) {
            // no fields
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "exchange.declare-ok"; }
    }

    /** {@code exchange.delete} (synchronous request). */
    record Delete(String exchange, boolean ifUnused, boolean noWait) implements ExchangeMethod {
        public static final int METHOD_ID = 20;

        static Delete read(MethodReader r) {
            r.skipShort();
            return new Delete(r.shortString(), r.bit(), r.bit());
        }

        @Override
        public void write(MethodWriter w) {
            w.shortInt(0); // reserved ticket
            w.shortString(exchange);
            w.bit(ifUnused);
            w.bit(noWait);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "exchange.delete"; }
    }

    /** {@code exchange.delete-ok}. */
    record DeleteOk() implements ExchangeMethod {
        public static final int METHOD_ID = 21;
        public static final DeleteOk INSTANCE = new DeleteOk();

        static DeleteOk read(MethodReader r) {
            return INSTANCE;
        }

        @Override
        public void write(MethodWriter w) {
            // no fields
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "exchange.delete-ok"; }
    }

    /** {@code exchange.bind} (synchronous request). */
    record Bind(String destination, String source, String routingKey, boolean noWait,
            FieldTable arguments) implements ExchangeMethod {
        public static final int METHOD_ID = 30;

        static Bind read(MethodReader r) {
            r.skipShort();
            return new Bind(r.shortString(), r.shortString(), r.shortString(), r.bit(), r.table());
        }

        @Override
        public void write(MethodWriter w) {
            w.shortInt(0); // reserved ticket
            w.shortString(destination);
            w.shortString(source);
            w.shortString(routingKey);
            w.bit(noWait);
            w.table(arguments);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "exchange.bind"; }
    }

    /** {@code exchange.bind-ok}. */
    record BindOk() implements ExchangeMethod {
        public static final int METHOD_ID = 31;
        public static final BindOk INSTANCE = new BindOk();

        static BindOk read(MethodReader r) {
            return INSTANCE;
        }

        @Override
        public void write(MethodWriter w) {
            // no fields
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "exchange.bind-ok"; }
    }

    /** {@code exchange.unbind} (synchronous request). */
    record Unbind(String destination, String source, String routingKey, boolean noWait,
            FieldTable arguments) implements ExchangeMethod {
        public static final int METHOD_ID = 40;

        static Unbind read(MethodReader r) {
            r.skipShort();
            return new Unbind(r.shortString(), r.shortString(), r.shortString(), r.bit(), r.table());
        }

        @Override
        public void write(MethodWriter w) {
            w.shortInt(0); // reserved ticket
            w.shortString(destination);
            w.shortString(source);
            w.shortString(routingKey);
            w.bit(noWait);
            w.table(arguments);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "exchange.unbind"; }
    }

    /** {@code exchange.unbind-ok}. */
    record UnbindOk() implements ExchangeMethod {
        public static final int METHOD_ID = 51;
        public static final UnbindOk INSTANCE = new UnbindOk();

        static UnbindOk read(MethodReader r) {
            return INSTANCE;
        }

        @Override
        public void write(MethodWriter w) {
            // no fields
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "exchange.unbind-ok"; }
    }
}
