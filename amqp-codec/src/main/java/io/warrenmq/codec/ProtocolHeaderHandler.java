package io.warrenmq.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * First inbound handler: checks the 8-octet protocol header {@code AMQP 0 0 9 1}.
 *
 * <p>{@code AMQP 1 1 0 9} (0-9) is accepted as 0-9-1, as RabbitMQ does. On a match it emits {@link ProtocolHeader#INSTANCE} and removes itself; bytes that arrived after the
 * header are passed on to the next handler (ByteToMessageDecoder forwards its leftover cumulation on
 * removal). Otherwise it answers with the header it supports and closes. It waits for all 8 octets
 * unless the first ones already differ from {@code "AMQP"} (an HTTP or TLS client), which is rejected at
 * once instead of idling until the handshake timeout.
 *
 * <p>spec 4.2.2: "If the server does not recognise the first 5 octets of data on the socket, or does not
 * support the specific protocol version that the client requests, it MUST write a valid protocol header
 * to the open socket ... and then close the socket connection."
 *
 * <p>Thread-safety: not sharable; one instance per connection.
 */
public final class ProtocolHeaderHandler extends ByteToMessageDecoder {
    private static final byte[] HEADER = ProtocolHeader.bytes();
    /**
     * The AMQP 0-9 header. // why: RabbitMQ (rabbit_reader:version_negotiation) takes it for 0-9-1, which is
     * close enough that 0-9 clients work; refusing it would turn away clients RabbitMQ serves.
     */
    private static final byte[] HEADER_0_9 = {'A', 'M', 'Q', 'P', 1, 1, 0, 9};

    private enum State { AWAITING_HEADER, REJECTED }

    private State state = State.AWAITING_HEADER;
    /** Null when only 0-9-1 is spoken. */
    private final AlternateProtocol alternate;

    public ProtocolHeaderHandler() {
        this(null);
    }

    /** {@code alternate}: asked about any other {@code AMQP....} header before it is refused; may be null. */
    public ProtocolHeaderHandler(AlternateProtocol alternate) {
        this.alternate = alternate;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (state == State.REJECTED) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int available = Math.min(in.readableBytes(), HEADER.length);
        int start = in.readerIndex();
        for (int i = 0; i < available; i++) {
            if (in.getByte(start + i) != HEADER[i]) {
                // the 0-9-1 path pays only this comparison: the alternates are asked on a mismatch
                if (i >= 4 && isPrefixOf09(in, start)) {
                    if (in.readableBytes() >= HEADER_0_9.length) {
                        accept(ctx, in, out);
                    }
                    return;
                }
                if (i >= 4 && alternate != null) {
                    offerToAlternate(ctx, in);
                } else {
                    reject(ctx, in);
                }
                return;
            }
        }
        if (available < HEADER.length) {
            return; // a prefix of the right header: wait for the rest
        }
        accept(ctx, in, out);
    }

    private void accept(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        in.skipBytes(HEADER.length);
        out.add(ProtocolHeader.INSTANCE);
        ctx.pipeline().remove(this);
    }

    /** Whether the readable octets (at least five, "AMQP" matched) are a prefix of the 0-9 header. */
    private static boolean isPrefixOf09(ByteBuf in, int start) {
        int n = Math.min(in.readableBytes(), HEADER_0_9.length);
        for (int i = 4; i < n; i++) {
            if (in.getByte(start + i) != HEADER_0_9[i]) {
                return false;
            }
        }
        return true;
    }

    private void offerToAlternate(ChannelHandlerContext ctx, ByteBuf in) {
        if (in.readableBytes() < HEADER.length) {
            return; // "AMQP" and something else: wait for the whole header before asking
        }
        byte[] header = new byte[HEADER.length];
        in.readBytes(header);
        if (alternate.takeOver(ctx, header)) {
            ctx.pipeline().remove(this);
        } else {
            reject(ctx, in);
        }
    }

    private void reject(ChannelHandlerContext ctx, ByteBuf in) {
        state = State.REJECTED;
        in.skipBytes(in.readableBytes());
        ctx.writeAndFlush(Unpooled.wrappedBuffer(ProtocolHeader.bytes())).addListener(ChannelFutureListener.CLOSE);
    }
}
