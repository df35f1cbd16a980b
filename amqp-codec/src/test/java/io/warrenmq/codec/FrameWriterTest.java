package io.warrenmq.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.warrenmq.codec.method.BasicMethod;
import io.warrenmq.codec.types.EncodedShortStrings;
import io.warrenmq.codec.types.MethodWriter;
import org.junit.jupiter.api.Test;

class FrameWriterTest {

    private static byte[] viaRecord(BasicMethod.Deliver d) {
        ByteBuf out = Unpooled.buffer();
        FrameWriter.writeMethod(out, 3, d);
        byte[] bytes = ByteBufUtil.getBytes(out);
        out.release();
        return bytes;
    }

    private static byte[] fromFields(BasicMethod.Deliver d, EncodedShortStrings strings) {
        ByteBuf out = Unpooled.buffer();
        FrameWriter.writeDeliver(out, 3, d.consumerTag(), d.deliveryTag(), d.redelivered(), d.exchange(),
                d.routingKey(), strings);
        byte[] bytes = ByteBufUtil.getBytes(out);
        out.release();
        return bytes;
    }

    @Test
    void aDeliverWrittenFromFieldsIsTheDeliverRecordsFrame() {
        EncodedShortStrings strings = new EncodedShortStrings();
        BasicMethod.Deliver[] deliveries = {
                new BasicMethod.Deliver("amq.ctag-1", 1, false, "", "bench.queue"),
                new BasicMethod.Deliver("amq.ctag-1", 2, true, "", "bench.queue"),
                new BasicMethod.Deliver("amq.ctag-1", Long.MAX_VALUE, false, "amq.topic", "clé.été"),
                new BasicMethod.Deliver("t", 4, true, "x".repeat(255), "y"),
        };
        for (int round = 0; round < 2; round++) {
            for (BasicMethod.Deliver d : deliveries) {
                assertArrayEquals(viaRecord(d), fromFields(d, strings), d.toString());
                assertArrayEquals(viaRecord(d), fromFields(d, null), d.toString());
            }
        }
    }

    /** One writer kept for every deliver (the broker's Outbound): each frame as if written by a new one. */
    @Test
    void aReusedWriterWritesEachDeliverAsANewOneWould() {
        EncodedShortStrings strings = new EncodedShortStrings();
        MethodWriter kept = new MethodWriter(null, strings);
        BasicMethod.Deliver[] deliveries = {
                new BasicMethod.Deliver("amq.ctag-1", 1, true, "", "bench.queue"),
                new BasicMethod.Deliver("amq.ctag-1", 2, false, "", "bench.queue"),
                new BasicMethod.Deliver("t", 3, true, "amq.topic", "clé.été"),
        };
        for (BasicMethod.Deliver d : deliveries) {
            ByteBuf out = Unpooled.buffer(); // a new buffer each time, as after each flush
            FrameWriter.writeDeliver(out, 3, d.consumerTag(), d.deliveryTag(), d.redelivered(), d.exchange(),
                    d.routingKey(), kept);
            assertArrayEquals(viaRecord(d), ByteBufUtil.getBytes(out), d.toString());
            out.release();
        }
    }

    @Test
    void aDeliverThatCannotBeEncodedLeavesNoPartialFrame() {
        ByteBuf out = Unpooled.buffer().writeByte(1);
        AmqpException e = assertThrows(AmqpException.class, () -> FrameWriter.writeDeliver(out, 1, "tag", 1, false,
                "", "é".repeat(128), new EncodedShortStrings()));
        assertEquals(ReplyCode.INTERNAL_ERROR, e.code());
        assertEquals(1, out.writerIndex());
        out.release();
    }
}
