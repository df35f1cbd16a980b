package io.warrenmq.amqp10.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.warrenmq.amqp10.codec.Flow;
import io.warrenmq.amqp10.codec.Transfer;
import io.warrenmq.amqp10.codec.Types.Binary;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
    @Test
    void framesAreSplitAndATransferKeepsItsPayload() {
        FrameDecoder d = new FrameDecoder();
        d.maxFrameSize(4096);
        EmbeddedChannel ch = new EmbeddedChannel(d);
        ByteBuf wire = Unpooled.buffer();
        FrameWriter.amqp(wire, 3, new Flow(0, 10, 0, 10, -1, -1, -1, -1, false, false));
        FrameWriter.amqp(wire, 3, new Transfer(1, 0, new Binary(new byte[] {1}), 0, true, false, null, false),
                Unpooled.wrappedBuffer(new byte[] {7, 8, 9}), 0, 3);
        FrameWriter.heartbeat(wire);
        // byte by byte: the decoder waits for whole frames
        while (wire.isReadable()) {
            ch.writeInbound(wire.readRetainedSlice(1));
        }
        AmqpFrame.Amqp flow = ch.readInbound();
        assertEquals(3, flow.channel());
        assertInstanceOf(Flow.class, flow.performative());
        assertNull(flow.payload());
        AmqpFrame.Amqp transfer = ch.readInbound();
        byte[] payload = new byte[3];
        transfer.payload().readBytes(payload);
        assertArrayEquals(new byte[] {7, 8, 9}, payload);
        transfer.release();
        assertSame(AmqpFrame.Heartbeat.INSTANCE, ch.readInbound());
    }

    @Test
    void aFrameAboveMaxFrameSizeIsRefusedFromItsHeaderAlone() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder()); // 512 until open
        ByteBuf header = Unpooled.buffer().writeInt(513).writeByte(2).writeByte(0).writeShort(0);
        DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(header));
        assertInstanceOf(FrameDecoder.FrameException.class, e.getCause());
    }

    /** After a framing error the stream is out of sync: nothing more is decoded, not even at close. */
    @Test
    void afterAFramingErrorTheRestIsDiscardedAndClosingDoesNotFailAgain() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder());
        ByteBuf bad = Unpooled.buffer().writeInt(0xC0000000).writeByte(2).writeByte(0).writeShort(0)
                .writeInt(0xC0000000).writeByte(2).writeByte(0).writeShort(0);
        assertThrows(DecoderException.class, () -> ch.writeInbound(bad));
        ch.writeInbound(Unpooled.buffer().writeInt(0xC0000000).writeByte(2).writeByte(0).writeShort(0));
        assertNull(ch.readInbound());
        org.junit.jupiter.api.Assertions.assertFalse(ch.finish()); // no second error from decodeLast
    }

    @Test
    void aBadDataOffsetIsAFramingError() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder());
        ByteBuf header = Unpooled.buffer().writeInt(8).writeByte(1).writeByte(0).writeShort(0);
        DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(header));
        assertInstanceOf(FrameDecoder.FrameException.class, e.getCause());
    }

    @Test
    void afterSaslTheNextEightOctetsAreAProtocolHeader() {
        FrameDecoder d = new FrameDecoder();
        EmbeddedChannel ch = new EmbeddedChannel(d);
        d.expectHeader();
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {'A', 'M', 'Q', 'P', 0, 1, 0, 0}));
        AmqpFrame.Header h = ch.readInbound();
        assertArrayEquals(new byte[] {'A', 'M', 'Q', 'P', 0, 1, 0, 0}, h.bytes());
    }
}
