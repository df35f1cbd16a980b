package io.warrenmq.server.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.warrenmq.codec.ProtocolHeader;
import io.warrenmq.codec.ProtocolHeaderHandler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolSwitchTest {
    private static final byte[] OTHER = {'A', 'M', 'Q', 'P', 3, 1, 0, 0};

    /** Stands in for the other protocol's handlers: records what reaches it. */
    private static final class Recorder extends ChannelInboundHandlerAdapter {
        final List<Object> read = new ArrayList<>();

        @Override
        public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
            read.add(msg);
        }
    }

    private static ProtocolExtension extension(Recorder recorder, byte[][] seen) {
        return new ProtocolExtension() {
            @Override
            public boolean accepts(byte[] header) {
                return java.util.Arrays.equals(header, OTHER);
            }

            @Override
            public void install(ChannelPipeline pipeline, byte[] header, ProtocolHost host) {
                seen[0] = header;
                pipeline.addLast("other", recorder);
            }
        };
    }

    private static EmbeddedChannel channel(ProtocolSwitch sw, Recorder zeroNineOne) {
        return new EmbeddedChannel(new ProtocolHeaderHandler(sw)) {
            {
                pipeline().addLast("frameDecoder", new ChannelInboundHandlerAdapter());
                pipeline().addLast("connection", zeroNineOne);
            }
        };
    }

    @Test
    void anAcceptedHeaderReplacesTheZeroNineOneHandlersAndGetsTheBytesAfterIt() {
        Recorder other = new Recorder();
        Recorder zeroNineOne = new Recorder();
        byte[][] seen = new byte[1][];
        ProtocolSwitch sw = new ProtocolSwitch(List.of(extension(other, seen)), null, List.of("frameDecoder", "connection"));
        EmbeddedChannel ch = channel(sw, zeroNineOne);
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {'A', 'M', 'Q', 'P', 3, 1, 0, 0, 99}));
        assertArrayEquals(OTHER, seen[0]);
        assertNull(ch.pipeline().get("connection"));
        assertNull(ch.pipeline().get("frameDecoder"));
        assertNotNull(ch.pipeline().get("other"));
        assertEquals(1, other.read.size());
        assertArrayEquals(new byte[] {99}, ByteBufUtil.getBytes((ByteBuf) other.read.get(0)));
        assertEquals(List.of(), zeroNineOne.read);
    }

    @Test
    void zeroNineOneStillGoesToItsOwnHandlers() {
        Recorder other = new Recorder();
        Recorder zeroNineOne = new Recorder();
        ProtocolSwitch sw = new ProtocolSwitch(List.of(extension(other, new byte[1][])), null,
                List.of("frameDecoder", "connection"));
        EmbeddedChannel ch = channel(sw, zeroNineOne);
        ch.writeInbound(Unpooled.wrappedBuffer(ProtocolHeader.bytes()));
        assertSame(ProtocolHeader.INSTANCE, zeroNineOne.read.get(0));
        assertEquals(List.of(), other.read);
    }

    @Test
    void aHeaderNoExtensionAcceptsIsAnsweredWithTheZeroNineOneHeader() {
        ProtocolSwitch sw = new ProtocolSwitch(List.of(extension(new Recorder(), new byte[1][])), null,
                List.of("frameDecoder", "connection"));
        EmbeddedChannel ch = channel(sw, new Recorder());
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {'A', 'M', 'Q', 'P', 0, 1, 0, 0}));
        ByteBuf reply = ch.readOutbound();
        assertArrayEquals(ProtocolHeader.bytes(), ByteBufUtil.getBytes(reply));
        assertFalse(ch.isOpen());
    }
}
