package io.warrenmq.server.connection;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.IdleStateEvent;
import io.warrenmq.server.clock.BrokerClock;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A connection's heartbeat timers, on the broker's clock: fires {@link IdleStateEvent#READER_IDLE_STATE_EVENT}
 * when nothing was read for {@code readTimeout} and {@link IdleStateEvent#WRITER_IDLE_STATE_EVENT} when
 * nothing was written for {@code writeInterval}, as Netty's {@code IdleStateHandler} did (which reads
 * the loop's own ticker, so a virtual clock could not drive it).
 *
 * <p>Any octet read counts: the handler sits ahead of the frame decoder. Reads take the time once per
 * read batch ({@code channelReadComplete}), writes once per write, as IdleStateHandler did.
 *
 * <p>Thread-safety: confined to the connection's event loop (the timers are armed on it).
 */
final class HeartbeatMonitor extends ChannelDuplexHandler {
    private final BrokerClock clock;
    private final long readTimeoutNanos;
    private final long writeIntervalNanos;
    private ChannelHandlerContext ctx;
    private long lastRead;
    private long lastWrite;
    private boolean reading;
    private Future<?> readTimer;
    private Future<?> writeTimer;
    private boolean stopped;

    HeartbeatMonitor(BrokerClock clock, long readTimeoutMillis, long writeIntervalMillis) {
        this.clock = clock;
        this.readTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(readTimeoutMillis);
        this.writeIntervalNanos = TimeUnit.MILLISECONDS.toNanos(writeIntervalMillis);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        long now = clock.nanoTime();
        lastRead = now;
        lastWrite = now;
        readTimer = arm(this::readCheck, readTimeoutNanos);
        writeTimer = arm(this::writeCheck, writeIntervalNanos);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stop();
        super.channelInactive(ctx);
    }

    private void stop() {
        stopped = true;
        if (readTimer != null) {
            readTimer.cancel(false);
        }
        if (writeTimer != null) {
            writeTimer.cancel(false);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        reading = true;
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (reading) {
            lastRead = clock.nanoTime();
            reading = false;
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        lastWrite = clock.nanoTime();
        ctx.write(msg, promise);
    }

    /** The client's heartbeats were not read for a while (the socket was paused): count afresh from now. */
    void resetReadTimeout() {
        lastRead = clock.nanoTime();
    }

    private Future<?> arm(Runnable check, long delayNanos) {
        return clock.schedule(ctx.executor(), check, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void readCheck() {
        if (stopped || !ctx.channel().isOpen()) {
            return;
        }
        long left = readTimeoutNanos - (clock.nanoTime() - lastRead);
        if (reading || left > 0) {
            readTimer = arm(this::readCheck, reading ? readTimeoutNanos : left);
            return;
        }
        readTimer = arm(this::readCheck, readTimeoutNanos);
        ctx.fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
    }

    private void writeCheck() {
        if (stopped || !ctx.channel().isOpen()) {
            return;
        }
        long left = writeIntervalNanos - (clock.nanoTime() - lastWrite);
        if (left > 0) {
            writeTimer = arm(this::writeCheck, left);
            return;
        }
        writeTimer = arm(this::writeCheck, writeIntervalNanos);
        ctx.fireUserEventTriggered(IdleStateEvent.WRITER_IDLE_STATE_EVENT);
    }
}
