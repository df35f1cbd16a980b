package io.warrenmq.server.direct;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.warrenmq.codec.BodyFrame;
import io.warrenmq.codec.ContentAggregator;
import io.warrenmq.codec.HeaderFrame;
import io.warrenmq.codec.MethodFrame;
import io.warrenmq.codec.ProtocolHeader;
import io.warrenmq.codec.method.Method;
import io.warrenmq.codec.types.BasicProperties;

/**
 * The client side of an in-JVM 0-9-1 connection to the broker's direct listener (the management
 * API's sessions, the AMQP 1.0 bridge): sends the protocol header once connected, hands methods
 * without content to {@link #method}, and assembles a content-bearing method with its header and
 * body frames into one {@link #content} call. The broker writes each delivery's frames together, so
 * one content is in flight at a time.
 *
 * <p>Thread-safety: the local channel's event loop, as any handler.
 */
public abstract class DirectClientFrames extends ChannelInboundHandlerAdapter {
    private int contentChannel;
    private Method contentMethod;
    private BasicProperties contentProperties;
    private byte[] contentBody;
    private int filled;

    /** The local channel is connected; the protocol header goes next. */
    protected abstract void connected(Channel channel);

    /** A method without content (connection and channel methods included) on {@code channel}. */
    protected abstract void method(ChannelHandlerContext ctx, int channel, Method m);

    /** A content-bearing method (deliver, get-ok, return) with its properties and whole body. */
    protected abstract void content(int channel, Method m, BasicProperties properties, byte[] body);

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connected(ctx.channel());
        ctx.writeAndFlush(Unpooled.wrappedBuffer(ProtocolHeader.bytes()));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof MethodFrame f) {
            if (f.method().hasContent()) {
                contentChannel = f.channel();
                contentMethod = f.method();
            } else {
                method(ctx, f.channel(), f.method());
            }
        } else if (msg instanceof HeaderFrame h) {
            try {
                onHeader(h);
            } finally {
                h.release();
            }
        } else if (msg instanceof BodyFrame b) {
            try {
                onBody(b.payload());
            } finally {
                b.release();
            }
        }
        // heartbeats: none are negotiated
    }

    private void onHeader(HeaderFrame h) {
        if (contentMethod == null || h.bodySize() > ContentAggregator.MAX_MESSAGE_SIZE) {
            return; // never from our own broker
        }
        contentProperties = h.properties();
        contentBody = new byte[(int) h.bodySize()];
        filled = 0;
        if (h.bodySize() == 0) {
            complete();
        }
    }

    private void onBody(ByteBuf payload) {
        if (contentBody == null) {
            return;
        }
        int n = Math.min(payload.readableBytes(), contentBody.length - filled);
        payload.getBytes(payload.readerIndex(), contentBody, filled, n);
        filled += n;
        if (filled == contentBody.length) {
            complete();
        }
    }

    private void complete() {
        Method m = contentMethod;
        BasicProperties p = contentProperties;
        byte[] body = contentBody;
        contentMethod = null;
        contentProperties = null;
        contentBody = null;
        content(contentChannel, m, p, body);
    }
}
