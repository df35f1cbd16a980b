package io.warrenmq.testkit;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;

/**
 * First in a severed connection's pipeline: what arrives is discarded unread and what the broker
 * writes is discarded unsent (reported written, so the broker's side carries on), as if the
 * network between the two had gone silent. The socket stays open until the client closes it.
 *
 * <p>Thread-safety: the connection's event loop, like the rest of its pipeline.
 */
final class SeveredLink extends ChannelDuplexHandler {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ReferenceCountUtil.release(msg);
        promise.setSuccess();
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        // nothing was queued
    }

    /**
     * The broker's own close is held as well (a partition holds the FIN too): the client notices
     * only through its heartbeat timeout. The socket closes for real when the client gives up (or
     * the broker stops); the broker's close completes then.
     */
    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.channel().closeFuture().addListener(f -> promise.trySuccess());
    }
}
