package io.warrenmq.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProtocolHeaderHandlerTest {

    @Test
    void goodHeaderFiresTheEventRemovesTheHandlerAndPassesLeftoverBytesOn() {
        EmbeddedChannel ch = new EmbeddedChannel(new ProtocolHeaderHandler());
        ch.writeInbound(Unpooled.wrappedBuffer(Wire.concat(ProtocolHeader.bytes(), Wire.heartbeat())));
        assertSame(ProtocolHeader.INSTANCE, ch.readInbound());
        ByteBuf leftover = ch.readInbound();
        assertArrayEquals(Wire.heartbeat(), ByteBufUtil.getBytes(leftover));
        leftover.release();
        assertNull(ch.pipeline().get(ProtocolHeaderHandler.class));
        assertNull(ch.readOutbound());
        assertTrue(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void headerSentByteByByteIsAccepted() {
        EmbeddedChannel ch = new EmbeddedChannel(new ProtocolHeaderHandler());
        byte[] header = ProtocolHeader.bytes();
        for (int i = 0; i < header.length - 1; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {header[i]}));
            assertNull(ch.readInbound());
            assertTrue(ch.isOpen());
        }
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {header[header.length - 1]}));
        assertSame(ProtocolHeader.INSTANCE, ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void wrongVersionGetsOurHeaderBackAndTheChannelClosed() {
        assertRejected(new byte[] {'A', 'M', 'Q', 'P', 0, 1, 0, 0});
    }

    /** RabbitMQ's rabbit_reader:version_negotiation treats the 0-9 header as 0-9-1. */
    @Test
    void amqp09HeaderSentByteByByteIsTakenForAmqp091() {
        EmbeddedChannel ch = new EmbeddedChannel(new ProtocolHeaderHandler((ctx, header) -> false));
        byte[] header = {'A', 'M', 'Q', 'P', 1, 1, 0, 9};
        for (int i = 0; i < header.length - 1; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {header[i]}));
            assertNull(ch.readInbound());
            assertTrue(ch.isOpen());
        }
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {header[header.length - 1]}));
        assertSame(ProtocolHeader.INSTANCE, ch.readInbound());
        assertNull(ch.readOutbound());
        assertFalse(ch.finish());
    }

    @Test
    void aHeaderThatOnlyStartsLikeAmqp09IsRejected() {
        assertRejected(new byte[] {'A', 'M', 'Q', 'P', 1, 1, 0, 8});
    }

    @Test
    void nonAmqpClientIsRejectedWithoutWaitingForEightOctets() {
        assertRejected("GET".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void anotherAmqpHeaderIsOfferedToTheAlternateWhichGetsTheBytesAfterIt() {
        byte[][] seen = new byte[1][];
        EmbeddedChannel ch = new EmbeddedChannel(new ProtocolHeaderHandler((ctx, header) -> {
            seen[0] = header;
            return true;
        }));
        byte[] amqp10 = {'A', 'M', 'Q', 'P', 3, 1, 0, 0};
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {'A', 'M', 'Q', 'P', 3}));
        assertNull(seen[0]); // waits for all eight octets
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {1, 0, 0, 42}));
        assertArrayEquals(amqp10, seen[0]);
        ByteBuf leftover = ch.readInbound();
        assertArrayEquals(new byte[] {42}, ByteBufUtil.getBytes(leftover));
        leftover.release();
        assertNull(ch.pipeline().get(ProtocolHeaderHandler.class));
        assertTrue(ch.isOpen());
    }

    @Test
    void anAlternateThatRefusesLeavesTheUsualRejection() {
        EmbeddedChannel ch = new EmbeddedChannel(new ProtocolHeaderHandler((ctx, header) -> false));
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {'A', 'M', 'Q', 'P', 0, 1, 0, 0}));
        ByteBuf reply = ch.readOutbound();
        assertArrayEquals(ProtocolHeader.bytes(), ByteBufUtil.getBytes(reply));
        reply.release();
        assertFalse(ch.isOpen());
    }

    private static void assertRejected(byte[] input) {
        EmbeddedChannel ch = new EmbeddedChannel(new ProtocolHeaderHandler());
        ch.writeInbound(Unpooled.wrappedBuffer(input));
        ByteBuf reply = ch.readOutbound();
        assertArrayEquals(ProtocolHeader.bytes(), ByteBufUtil.getBytes(reply));
        reply.release();
        assertFalse(ch.isOpen());
        assertNull(ch.readInbound());
        assertEquals(0, ch.inboundMessages().size());
        assertFalse(ch.finish());
    }
}
