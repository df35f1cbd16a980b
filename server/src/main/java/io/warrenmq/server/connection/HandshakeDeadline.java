package io.warrenmq.server.connection;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.warrenmq.server.clock.BrokerClock;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RabbitMQ's {@code handshake_timeout} (10 s by default): a socket that has not finished its
 * handshake (the protocol header, start/tune/open, or AMQP 1.0's SASL and open) that long after it
 * was accepted is closed, so silent or byte-by-byte clients cannot keep connections (and file
 * descriptors) forever. The protocol's handler calls {@link #met(Channel)} once the connection is
 * open; this handler then leaves the pipeline and its timer is cancelled.
 *
 * <p>Thread-safety: the connection's event loop (the timer fires there, through the broker's clock).
 */
public final class HandshakeDeadline extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(HandshakeDeadline.class);

    private final BrokerClock clock;
    private final long millis;
    private final io.warrenmq.server.limits.SocketBudget budget;
    private Future<?> timer;

    /** {@code budget}: told when the connection is open, so it is no longer evicted (null: none). */
    public HandshakeDeadline(BrokerClock clock, long millis, io.warrenmq.server.limits.SocketBudget budget) {
        this.clock = clock;
        this.millis = millis;
        this.budget = budget;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timer = clock.schedule(ctx.channel().eventLoop(), () -> expire(ctx), millis, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    private void expire(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive() && !ctx.isRemoved()) {
            log.info("closing connection from {}: handshake_timeout (not open {} ms after it was accepted)",
                    ctx.channel().remoteAddress(), millis);
            ctx.channel().close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** The connection is open: no deadline any more (any thread; a pipeline without one is left alone). */
    public static void met(Channel ch) {
        HandshakeDeadline d = ch.pipeline().get(HandshakeDeadline.class);
        if (d != null) {
            if (d.budget != null) {
                d.budget.opened(ch);
            }
            ch.eventLoop().execute(() -> {
                d.cancel();
                if (ch.pipeline().get(HandshakeDeadline.class) == d) {
                    ch.pipeline().remove(d);
                }
            });
        }
    }
}
