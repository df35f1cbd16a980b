package io.warrenmq.codec.method;

import io.warrenmq.codec.types.MethodReader;
import io.warrenmq.codec.types.MethodWriter;

/**
 * Methods of AMQP class {@code channel} (class id 20).
 * Opening, flow control and closing of channels.
 *
 * <p>One record per method, components in spec field order; deprecated {@code ticket} fields are
 * omitted (skipped on read, written as a reserved short). Spec: amqp0-9-1.xml class "channel";
 * field types per 4.2.5; ids per amqp-rabbitmq-0.9.1.json.
 *
 * <p>Thread-safety: immutable records.
 */
public sealed interface ChannelMethod extends Method
        permits ChannelMethod.Open, ChannelMethod.OpenOk, ChannelMethod.Flow, ChannelMethod.FlowOk,
                ChannelMethod.Close, ChannelMethod.CloseOk {
    int CLASS_ID = 20;

    @Override
    default int classId() {
        return CLASS_ID;
    }

    /** {@code channel.open} (synchronous request). */
    record Open(String outOfBand) implements ChannelMethod {
        public static final int METHOD_ID = 10;

        static Open read(MethodReader r) {
            return new Open(r.shortString());
        }

        @Override
        public void write(MethodWriter w) {
            w.shortString(outOfBand);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "channel.open"; }
    }

    /** {@code channel.open-ok}. */
    record OpenOk(String channelId) implements ChannelMethod {
        public static final int METHOD_ID = 11;

        static OpenOk read(MethodReader r) {
            return new OpenOk(r.longStringUtf8());
        }

        @Override
        public void write(MethodWriter w) {
            w.longString(channelId);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "channel.open-ok"; }
    }

    /** {@code channel.flow} (synchronous request). */
    record Flow(boolean active) implements ChannelMethod {
        public static final int METHOD_ID = 20;

        static Flow read(MethodReader r) {
            return new Flow(r.bit());
        }

        @Override
        public void write(MethodWriter w) {
            w.bit(active);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "channel.flow"; }
    }

    /** {@code channel.flow-ok}. */
    record FlowOk(boolean active) implements ChannelMethod {
        public static final int METHOD_ID = 21;

        static FlowOk read(MethodReader r) {
            return new FlowOk(r.bit());
        }

        @Override
        public void write(MethodWriter w) {
            w.bit(active);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "channel.flow-ok"; }
    }

    /** {@code channel.close} (synchronous request). */
    record Close(int replyCode, String replyText, int failingClassId, int failingMethodId) implements ChannelMethod {
        public static final int METHOD_ID = 40;

        static Close read(MethodReader r) {
            return new Close(r.shortInt(), r.shortString(), r.shortInt(), r.shortInt());
        }

        @Override
        public void write(MethodWriter w) {
            w.shortInt(replyCode);
            w.shortString(replyText);
            w.shortInt(failingClassId);
            w.shortInt(failingMethodId);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "channel.close"; }
    }

    /** {@code channel.close-ok}. */
    record CloseOk() implements ChannelMethod {
        public static final int METHOD_ID = 41;
        public static final CloseOk INSTANCE = new CloseOk();

        static CloseOk read(MethodReader r) {
            return INSTANCE;
        }

        @Override
        public void write(MethodWriter w) {
            // no fields
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "channel.close-ok"; }
    }
}
