package io.warrenmq.codec.method;

import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.codec.types.MethodReader;
import io.warrenmq.codec.types.MethodWriter;

/**
 * Methods of AMQP class {@code basic} (class id 60).
 * Publishing, consuming, fetching and acknowledging messages; the hot path of the broker.
 *
 * <p>One record per method, components in spec field order; deprecated {@code ticket} fields are
 * omitted (skipped on read, written as a reserved short). Spec: amqp0-9-1.xml class "basic";
 * field types per 4.2.5; ids per amqp-rabbitmq-0.9.1.json.
 *
 * <p>Thread-safety: immutable records.
 */
public sealed interface BasicMethod extends Method
        permits BasicMethod.Qos, BasicMethod.QosOk, BasicMethod.Consume, BasicMethod.ConsumeOk, BasicMethod.Cancel,
                BasicMethod.CancelOk, BasicMethod.Publish, BasicMethod.Return, BasicMethod.Deliver, BasicMethod.Get,
                BasicMethod.GetOk, BasicMethod.GetEmpty, BasicMethod.Ack, BasicMethod.Reject,
                BasicMethod.RecoverAsync, BasicMethod.Recover, BasicMethod.RecoverOk, BasicMethod.Nack {
    int CLASS_ID = 60;

    @Override
    default int classId() {
        return CLASS_ID;
    }

    /** {@code basic.qos} (synchronous request). */
    record Qos(long prefetchSize, int prefetchCount, boolean global) implements BasicMethod {
        public static final int METHOD_ID = 10;

        static Qos read(MethodReader r) {
            return new Qos(r.longInt(), r.shortInt(), r.bit());
        }

        @Override
        public void write(MethodWriter w) {
            w.longInt(prefetchSize);
            w.shortInt(prefetchCount);
            w.bit(global);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "basic.qos"; }
    }

    /** {@code basic.qos-ok}. */
    record QosOk() implements BasicMethod {
        public static final int METHOD_ID = 11;
        public static final QosOk INSTANCE = new QosOk();

        static QosOk read(MethodReader r) {
            return INSTANCE;
        }

        @Override
        public void write(MethodWriter w) {
            // no fields
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "basic.qos-ok"; }
    }

    /** {@code basic.consume} (synchronous request). */
    record Consume(String queue, String consumerTag, boolean noLocal, boolean noAck,
            boolean exclusive, boolean noWait, FieldTable arguments) implements BasicMethod {
        public static final int METHOD_ID = 20;

        static Consume read(MethodReader r) {
            r.skipShort();
            return new Consume(r.shortString(), r.shortString(), r.bit(), r.bit(), r.bit(), r.bit(), r.table());
        }

        @Override
        public void write(MethodWriter w) {
            w.shortInt(0); // reserved ticket
            w.shortString(queue);
            w.shortString(consumerTag);
            w.bit(noLocal);
            w.bit(noAck);
            w.bit(exclusive);
            w.bit(noWait);
            w.table(arguments);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "basic.consume"; }
    }

    /** {@code basic.consume-ok}. */
    record ConsumeOk(String consumerTag) implements BasicMethod {
        public static final int METHOD_ID = 21;

        static ConsumeOk read(MethodReader r) {
            return new ConsumeOk(r.shortString());
        }

        @Override
        public void write(MethodWriter w) {
            w.shortString(consumerTag);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "basic.consume-ok"; }
    }

    /** {@code basic.cancel} (synchronous request). */
    record Cancel(String consumerTag, boolean noWait) implements BasicMethod {
        public static final int METHOD_ID = 30;

        static Cancel read(MethodReader r) {
            return new Cancel(r.shortString(), r.bit());
        }

        @Override
        public void write(MethodWriter w) {
            w.shortString(consumerTag);
            w.bit(noWait);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "basic.cancel"; }
    }

    /** {@code basic.cancel-ok}. */
    record CancelOk(String consumerTag) implements BasicMethod {
        public static final int METHOD_ID = 31;

        static CancelOk read(MethodReader r) {
            return new CancelOk(r.shortString());
        }

        @Override
        public void write(MethodWriter w) {
            w.shortString(consumerTag);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "basic.cancel-ok"; }
    }

    /** {@code basic.publish} (carries content). */
    record Publish(String exchange, String routingKey, boolean mandatory, boolean immediate) implements BasicMethod {
        public static final int METHOD_ID = 40;

        static Publish read(MethodReader r) {
            r.skipShort();
            return new Publish(r.shortString(), r.shortString(), r.bit(), r.bit());
        }

        @Override
        public void write(MethodWriter w) {
            w.shortInt(0); // reserved ticket
            w.shortString(exchange);
            w.shortString(routingKey);
            w.bit(mandatory);
            w.bit(immediate);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "basic.publish"; }

        @Override public boolean hasContent() { return true; }
    }

    /** {@code basic.return} (carries content). */
    record Return(int replyCode, String replyText, String exchange, String routingKey) implements BasicMethod {
        public static final int METHOD_ID = 50;

        static Return read(MethodReader r) {
            return new Return(r.shortInt(), r.shortString(), r.shortString(), r.shortString());
        }

        @Override
        public void write(MethodWriter w) {
            w.shortInt(replyCode);
            w.shortString(replyText);
            w.shortString(exchange);
            w.shortString(routingKey);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "basic.return"; }

        @Override public boolean hasContent() { return true; }
    }

    /** {@code basic.deliver} (carries content). */
    record Deliver(String consumerTag, long deliveryTag, boolean redelivered,
            String exchange, String routingKey) implements BasicMethod {
        public static final int METHOD_ID = 60;

        static Deliver read(MethodReader r) {
            return new Deliver(r.shortString(), r.longLong(), r.bit(), r.shortString(), r.shortString());
        }

        @Override
        public void write(MethodWriter w) {
            writeFields(w, consumerTag, deliveryTag, redelivered, exchange, routingKey);
        }

        /**
         * Writes the fields of a deliver without a record (why: the broker writes one per message;
         * {@code FrameWriter.writeDeliver}).
         */
        public static void writeFields(MethodWriter w, String consumerTag, long deliveryTag, boolean redelivered,
                String exchange, String routingKey) {
            w.shortString(consumerTag);
            w.longLong(deliveryTag);
            w.bit(redelivered);
            w.shortString(exchange);
            w.shortString(routingKey);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "basic.deliver"; }

        @Override public boolean hasContent() { return true; }
    }

    /** {@code basic.get} (synchronous request). */
    record Get(String queue, boolean noAck) implements BasicMethod {
        public static final int METHOD_ID = 70;

        static Get read(MethodReader r) {
            r.skipShort();
            return new Get(r.shortString(), r.bit());
        }

        @Override
        public void write(MethodWriter w) {
            w.shortInt(0); // reserved ticket
            w.shortString(queue);
            w.bit(noAck);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "basic.get"; }
    }

    /** {@code basic.get-ok} (carries content). */
    record GetOk(long deliveryTag, boolean redelivered, String exchange, String routingKey,
            long messageCount) implements BasicMethod {
        public static final int METHOD_ID = 71;

        static GetOk read(MethodReader r) {
            return new GetOk(r.longLong(), r.bit(), r.shortString(), r.shortString(), r.longInt());
        }

        @Override
        public void write(MethodWriter w) {
            w.longLong(deliveryTag);
            w.bit(redelivered);
            w.shortString(exchange);
            w.shortString(routingKey);
            w.longInt(messageCount);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "basic.get-ok"; }

        @Override public boolean hasContent() { return true; }
    }

    /** {@code basic.get-empty}. */
    record GetEmpty(String clusterId) implements BasicMethod {
        public static final int METHOD_ID = 72;

        static GetEmpty read(MethodReader r) {
            return new GetEmpty(r.shortString());
        }

        @Override
        public void write(MethodWriter w) {
            w.shortString(clusterId);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "basic.get-empty"; }
    }

    /** {@code basic.ack}. */
    record Ack(long deliveryTag, boolean multiple) implements BasicMethod {
        public static final int METHOD_ID = 80;

        static Ack read(MethodReader r) {
            return new Ack(r.longLong(), r.bit());
        }

        @Override
        public void write(MethodWriter w) {
            w.longLong(deliveryTag);
            w.bit(multiple);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "basic.ack"; }
    }

    /** {@code basic.reject}. */
    record Reject(long deliveryTag, boolean requeue) implements BasicMethod {
        public static final int METHOD_ID = 90;

        static Reject read(MethodReader r) {
            return new Reject(r.longLong(), r.bit());
        }

        @Override
        public void write(MethodWriter w) {
            w.longLong(deliveryTag);
            w.bit(requeue);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "basic.reject"; }
    }

    /** {@code basic.recover-async}. */
    record RecoverAsync(boolean requeue) implements BasicMethod {
        public static final int METHOD_ID = 100;

        static RecoverAsync read(MethodReader r) {
            return new RecoverAsync(r.bit());
        }

        @Override
        public void write(MethodWriter w) {
            w.bit(requeue);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "basic.recover-async"; }
    }

    /** {@code basic.recover} (synchronous request). */
    record Recover(boolean requeue) implements BasicMethod {
        public static final int METHOD_ID = 110;

        static Recover read(MethodReader r) {
            return new Recover(r.bit());
        }

        @Override
        public void write(MethodWriter w) {
            w.bit(requeue);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "basic.recover"; }
    }

    /** {@code basic.recover-ok}. */
    record RecoverOk() implements BasicMethod {
        public static final int METHOD_ID = 111;
        public static final RecoverOk INSTANCE = new RecoverOk();

        static RecoverOk read(MethodReader r) {
            return INSTANCE;
        }

        @Override
        public void write(MethodWriter w) {
            // no fields
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "basic.recover-ok"; }
    }

    /** {@code basic.nack}. */
    record Nack(long deliveryTag, boolean multiple, boolean requeue) implements BasicMethod {
        public static final int METHOD_ID = 120;

        static Nack read(MethodReader r) {
            return new Nack(r.longLong(), r.bit(), r.bit());
        }

        @Override
        public void write(MethodWriter w) {
            w.longLong(deliveryTag);
            w.bit(multiple);
            w.bit(requeue);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "basic.nack"; }
    }
}
