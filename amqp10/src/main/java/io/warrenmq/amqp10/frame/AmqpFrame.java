package io.warrenmq.amqp10.frame;

import io.netty.buffer.ByteBuf;
import io.warrenmq.amqp10.codec.Performative;
import io.warrenmq.amqp10.codec.SaslFrame;

/**
 * One decoded frame (spec transport.xml 2.3): an AMQP frame with its performative and, for a
 * transfer, the payload that followed it; a SASL frame; or an empty frame (a heartbeat).
 */
public sealed interface AmqpFrame {
    record Amqp(int channel, Performative performative, ByteBuf payload) implements AmqpFrame {
        /** The payload is a retained slice (or null): whoever takes the frame releases it. */
        public void release() {
            if (payload != null) {
                payload.release();
            }
        }
    }

    record Sasl(SaslFrame body) implements AmqpFrame {
    }

    /** A protocol header (after the SASL exchange the client sends the AMQP one). */
    record Header(byte[] bytes) implements AmqpFrame {
    }

    /** An empty frame: keeps the connection alive. */
    enum Heartbeat implements AmqpFrame {
        INSTANCE
    }
}
