package io.warrenmq.codec.method;

import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.codec.types.MethodReader;
import io.warrenmq.codec.types.MethodWriter;

/**
 * Methods of AMQP class {@code queue} (class id 50).
 * Queue declaration, binding, purging and deletion.
 *
 * <p>One record per method, components in spec field order; deprecated {@code ticket} fields are
 * omitted (skipped on read, written as a reserved short). Spec: amqp0-9-1.xml class "queue";
 * field types per 4.2.5; ids per amqp-rabbitmq-0.9.1.json.
 *
 * <p>Thread-safety: immutable records.
 */
public sealed interface QueueMethod extends Method
        permits QueueMethod.Declare, QueueMethod.DeclareOk, QueueMethod.Bind, QueueMethod.BindOk, QueueMethod.Purge,
                QueueMethod.PurgeOk, QueueMethod.Delete, QueueMethod.DeleteOk, QueueMethod.Unbind,
                QueueMethod.UnbindOk {
    int CLASS_ID = 50;

    @Override
    default int classId() {
        return CLASS_ID;
    }

    /** {@code queue.declare} (synchronous request). */
    record Declare(String queue, boolean passive, boolean durable, boolean exclusive,
            boolean autoDelete, boolean noWait, FieldTable arguments) implements QueueMethod {
        public static final int METHOD_ID = 10;

        static Declare read(MethodReader r) {
            r.skipShort();
            return new Declare(r.shortString(), r.bit(), r.bit(), r.bit(), r.bit(), r.bit(), r.table());
        }

        @Override
        public void write(MethodWriter w) {
            w.shortInt(0); // reserved ticket
            w.shortString(queue);
            w.bit(passive);
            w.bit(durable);
            w.bit(exclusive);
            w.bit(autoDelete);
            w.bit(noWait);
            w.table(arguments);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "queue.declare"; }
    }

    /** {@code queue.declare-ok}. */
    record DeclareOk(String queue, long messageCount, long consumerCount) implements QueueMethod {
        public static final int METHOD_ID = 11;

        static DeclareOk read(MethodReader r) {
            return new DeclareOk(r.shortString(), r.longInt(), r.longInt());
        }

        @Override
        public void write(MethodWriter w) {
            w.shortString(queue);
            w.longInt(messageCount);
            w.longInt(consumerCount);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "queue.declare-ok"; }
    }

    /** {@code queue.bind} (synchronous request). */
    record Bind(String queue, String exchange, String routingKey, boolean noWait,
            FieldTable arguments) implements QueueMethod {
        public static final int METHOD_ID = 20;

        static Bind read(MethodReader r) {
            r.skipShort();
            return new Bind(r.shortString(), r.shortString(), r.shortString(), r.bit(), r.table());
        }

        @Override
        public void write(MethodWriter w) {
            w.shortInt(0); // reserved ticket
            w.shortString(queue);
            w.shortString(exchange);
            w.shortString(routingKey);
            w.bit(noWait);
            w.table(arguments);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "queue.bind"; }
    }

    /** {@code queue.bind-ok}. */
    record BindOk() implements QueueMethod {
        public static final int METHOD_ID = 21;
        public static final BindOk INSTANCE = new BindOk();

        static BindOk read(MethodReader r) {
            return INSTANCE;
        }

        @Override
        public void write(MethodWriter w) {
            // no fields
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "queue.bind-ok"; }
    }

    /** {@code queue.purge} (synchronous request). */
    record Purge(String queue, boolean noWait) implements QueueMethod {
        public static final int METHOD_ID = 30;

        static Purge read(MethodReader r) {
            r.skipShort();
            return new Purge(r.shortString(), r.bit());
        }

        @Override
        public void write(MethodWriter w) {
            w.shortInt(0); // reserved ticket
            w.shortString(queue);
            w.bit(noWait);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "queue.purge"; }
    }

    /** {@code queue.purge-ok}. */
    record PurgeOk(long messageCount) implements QueueMethod {
        public static final int METHOD_ID = 31;

        static PurgeOk read(MethodReader r) {
            return new PurgeOk(r.longInt());
        }

        @Override
        public void write(MethodWriter w) {
            w.longInt(messageCount);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "queue.purge-ok"; }
    }

    /** {@code queue.delete} (synchronous request). */
    record Delete(String queue, boolean ifUnused, boolean ifEmpty, boolean noWait) implements QueueMethod {
        public static final int METHOD_ID = 40;

        static Delete read(MethodReader r) {
            r.skipShort();
            return new Delete(r.shortString(), r.bit(), r.bit(), r.bit());
        }

        @Override
        public void write(MethodWriter w) {
            w.shortInt(0); // reserved ticket
            w.shortString(queue);
            w.bit(ifUnused);
            w.bit(ifEmpty);
            w.bit(noWait);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "queue.delete"; }
    }

    /** {@code queue.delete-ok}. */
    record DeleteOk(long messageCount) implements QueueMethod {
        public static final int METHOD_ID = 41;

        static DeleteOk read(MethodReader r) {
            return new DeleteOk(r.longInt());
        }

        @Override
        public void write(MethodWriter w) {
            w.longInt(messageCount);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "queue.delete-ok"; }
    }

    /** {@code queue.unbind} (synchronous request). */
    record Unbind(String queue, String exchange, String routingKey, FieldTable arguments) implements QueueMethod {
        public static final int METHOD_ID = 50;

        static Unbind read(MethodReader r) {
            r.skipShort();
            return new Unbind(r.shortString(), r.shortString(), r.shortString(), r.table());
        }

        @Override
        public void write(MethodWriter w) {
            w.shortInt(0); // reserved ticket
            w.shortString(queue);
            w.shortString(exchange);
            w.shortString(routingKey);
            w.table(arguments);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "queue.unbind"; }
    }

    /** {@code queue.unbind-ok}. */
    record UnbindOk() implements QueueMethod {
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

        @Override public String name() { return "queue.unbind-ok"; }
    }
}
