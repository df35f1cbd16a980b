package io.warrenmq.server.activity;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Counts a connection's socket traffic as RabbitMQ's reader does (recv_oct, recv_cnt, send_oct,
 * send_cnt): first in the pipeline, so octets are those on the wire, TLS records included.
 *
 * <p>Why opaque stores, not volatile ones: the counters are written on every read and write of
 * the connection's loop (its only writer) and read now and then by the management thread, which
 * needs a recent value, not a fence on every message written.
 *
 * <p>Thread-safety: written on the connection's loop only; the getters may be called from any thread.
 */
public final class TrafficCounter extends ChannelDuplexHandler {
    private static final VarHandle RECV_OCT;
    private static final VarHandle RECV_CNT;
    private static final VarHandle SEND_OCT;
    private static final VarHandle SEND_CNT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RECV_OCT = l.findVarHandle(TrafficCounter.class, "recvOct", long.class);
            RECV_CNT = l.findVarHandle(TrafficCounter.class, "recvCnt", long.class);
            SEND_OCT = l.findVarHandle(TrafficCounter.class, "sendOct", long.class);
            SEND_CNT = l.findVarHandle(TrafficCounter.class, "sendCnt", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long recvOct;
    private long recvCnt;
    private long sendOct;
    private long sendCnt;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        RECV_OCT.setOpaque(this, recvOct + size(msg));
        RECV_CNT.setOpaque(this, recvCnt + 1);
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        SEND_OCT.setOpaque(this, sendOct + size(msg));
        ctx.write(msg, promise);
    }

    /** One flush is one socket send, as near as Netty lets us count RabbitMQ's send_cnt. */
    @Override
    public void flush(ChannelHandlerContext ctx) {
        SEND_CNT.setOpaque(this, sendCnt + 1);
        ctx.flush();
    }

    private static long size(Object msg) {
        if (msg instanceof ByteBuf b) {
            return b.readableBytes();
        }
        return msg instanceof ByteBufHolder h ? h.content().readableBytes() : 0;
    }

    public long recvOct() {
        return (long) RECV_OCT.getOpaque(this);
    }

    public long recvCnt() {
        return (long) RECV_CNT.getOpaque(this);
    }

    public long sendOct() {
        return (long) SEND_OCT.getOpaque(this);
    }

    public long sendCnt() {
        return (long) SEND_CNT.getOpaque(this);
    }
}
