package io.warrenmq.amqp10.broker;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.util.concurrent.EventExecutor;
import io.warrenmq.codec.Frame;
import io.warrenmq.codec.FrameDecoder;
import io.warrenmq.codec.FrameWriter;
import io.warrenmq.codec.method.BasicMethod;
import io.warrenmq.codec.method.ChannelMethod;
import io.warrenmq.codec.method.ConnectionMethod;
import io.warrenmq.codec.method.Method;
import io.warrenmq.codec.types.BasicProperties;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.server.protocol.ProtocolHost;
import java.util.HashMap;
import java.util.Map;

/**
 * An AMQP 1.0 connection's way into the broker: one in-JVM AMQP 0-9-1 connection (the direct
 * listener the management API uses), one 0-9-1 channel per 1.0 link. Publishing, consuming and
 * settling go through the broker's own channel commands, so permissions, validation, confirms,
 * flow control and dead-lettering are the ones 0-9-1 clients get.
 *
 * <p>Threads: the local channel lives on the {@code amqp-direct} loop; everything it receives is
 * assembled there (method, header, body) and posted to {@code owner}, the 1.0 connection's loop, so
 * listeners run only there. Writes may come from any thread (Netty keeps their order).
 */
public final class Bridge {
    private static final int FRAME_MAX = 131072;

    /** What one channel hears. Called on the 1.0 connection's loop. */
    public interface ChannelListener {
        void method(Method m);

        /** A deliver or get-ok with its content. */
        void content(Method m, BasicProperties properties, byte[] body);

        /** The broker closed the channel (close-ok already sent). */
        void closed(int replyCode, String replyText);
    }

    /** The connection's fate. Called on the 1.0 connection's loop. */
    public interface Owner {
        void bridgeOpened();

        /** The broker refused or closed the connection ({@code replyCode} 0: it went away). */
        void bridgeClosed(int replyCode, String replyText);

        /** After each batch of events: write what they produced. */
        void afterBatch();
    }

    private final ProtocolHost host;
    private final EventExecutor loop;
    private final String user;
    private final String vhost;
    private final Owner owner;
    /** Confined to {@link #loop}. */
    private final Map<Integer, ChannelListener> listeners = new HashMap<>();
    private int nextChannel = 1;
    private volatile Channel channel;
    private volatile int frameMax = FRAME_MAX;
    private volatile boolean closing;
    /** Frames written on the owner's loop, sent in one write when its current work is done. */
    private ByteBuf pending;
    private boolean flushScheduled;
    private final Runnable flushTask = this::flushPending;

    public Bridge(ProtocolHost host, EventExecutor loop, String user, String vhost, Owner owner) {
        this.host = host;
        this.loop = loop;
        this.user = user;
        this.vhost = vhost;
        this.owner = owner;
    }

    public String vhost() {
        return vhost;
    }

    public void open() {
        host.connectInternal(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new FrameDecoder(FRAME_MAX)).addLast(new Inbound());
            }
        }).addListener(f -> {
            if (!f.isSuccess()) {
                loop.execute(() -> owner.bridgeClosed(0, "cannot reach the broker: " + f.cause()));
            }
        });
    }

    /** On the owner's loop: opens a channel for {@code listener}; methods may be sent on it at once. */
    public int openChannel(ChannelListener listener) {
        int n = nextChannel++;
        listeners.put(n, listener);
        send(n, new ChannelMethod.Open(""));
        return n;
    }

    /** On the owner's loop: closes a channel; its unacked deliveries go back to their queues. */
    public void closeChannel(int n) {
        if (listeners.remove(n) != null) {
            send(n, new ChannelMethod.Close(200, "link detached", 0, 0));
        }
    }

    public void send(int ch, Method m) {
        Channel c = channel;
        if (c == null || closing && !(m instanceof ConnectionMethod)) {
            return;
        }
        if (loop.inEventLoop()) {
            FrameWriter.writeMethod(pending(c), ch, m);
            return;
        }
        ByteBuf b = c.alloc().buffer();
        FrameWriter.writeMethod(b, ch, m);
        c.writeAndFlush(b); // the handshake, on the local channel's own loop
    }

    /**
     * why batch: each write from the 1.0 loop is a task for the local channel's loop; one write per
     * turn of the 1.0 loop instead of one per frame (a publish, an ack) wakes it once per batch.
     */
    private ByteBuf pending(Channel c) {
        if (pending == null) {
            pending = c.alloc().buffer(4096);
        }
        if (!flushScheduled) {
            flushScheduled = true;
            loop.execute(flushTask);
        }
        return pending;
    }

    private void flushPending() {
        flushScheduled = false;
        ByteBuf b = pending;
        pending = null;
        Channel c = channel;
        if (b == null) {
            return;
        }
        if (c != null && c.isActive()) {
            c.writeAndFlush(b);
        } else {
            b.release();
        }
    }

    public void publish(int ch, String exchange, String routingKey, BasicProperties properties, byte[] body) {
        Channel c = channel;
        if (c == null || closing) {
            return;
        }
        ByteBuf b = pending(c);
        FrameWriter.writeMethod(b, ch, new BasicMethod.Publish(exchange, routingKey, false, false));
        FrameWriter.writeHeader(b, ch, BasicMethod.CLASS_ID, body.length, properties);
        int chunk = frameMax - Frame.FRAME_OVERHEAD;
        ByteBuf payload = Unpooled.wrappedBuffer(body);
        for (int offset = 0; offset < body.length; offset += chunk) {
            FrameWriter.writeBody(b, ch, payload, offset, Math.min(chunk, body.length - offset));
        }
    }

    /** Closes the 0-9-1 connection; every channel's unacked deliveries are requeued by the broker. */
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        Channel c = channel;
        if (c != null && c.isActive()) {
            send(0, new ConnectionMethod.Close(200, "AMQP 1.0 connection closed", 0, 0));
            if (loop.inEventLoop()) {
                flushPending();
            }
            c.eventLoop().schedule(() -> c.close(), 5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** Events read in one pass of the local channel, handed to the owner's loop in one task. */
    private java.util.List<Runnable> inbound = new java.util.ArrayList<>();

    private void dispatch(int ch, java.util.function.Consumer<ChannelListener> event) {
        inbound.add(() -> {
            ChannelListener l = listeners.get(ch);
            if (l != null) {
                event.accept(l);
            }
        });
    }

    private void handOver() {
        if (inbound.isEmpty()) {
            return;
        }
        java.util.List<Runnable> batch = inbound;
        inbound = new java.util.ArrayList<>();
        loop.execute(() -> {
            batch.forEach(Runnable::run);
            owner.afterBatch();
        });
    }

    /** The 0-9-1 side, on the local channel's loop: handshake, then per-channel methods and content. */
    private final class Inbound extends io.warrenmq.server.direct.DirectClientFrames {
        @Override
        protected void connected(Channel c) {
            channel = c;
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            handOver();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            handOver();
            loop.execute(() -> owner.bridgeClosed(0, "the broker closed the connection"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        @Override
        protected void method(ChannelHandlerContext ctx, int ch, Method m) {
            if (m instanceof ConnectionMethod.Start) {
                send(0, new ConnectionMethod.StartOk(FieldTable.of(Map.of("product", "Warren AMQP 1.0",
                        "connection_name", "amqp10")), host.internalMechanism(), host.internalResponse(user), "en_US"));
            } else if (m instanceof ConnectionMethod.Tune t) {
                frameMax = t.frameMax() == 0 ? FRAME_MAX : (int) Math.min(t.frameMax(), FRAME_MAX);
                send(0, new ConnectionMethod.TuneOk(t.channelMax(), frameMax, 0));
                send(0, new ConnectionMethod.Open(vhost, "", false));
            } else if (m instanceof ConnectionMethod.OpenOk) {
                inbound.add(owner::bridgeOpened);
            } else if (m instanceof ConnectionMethod.Close c) {
                send(0, new ConnectionMethod.CloseOk());
                closing = true;
                inbound.add(() -> owner.bridgeClosed(c.replyCode(), c.replyText()));
                handOver();
                ctx.close();
            } else if (m instanceof ConnectionMethod.CloseOk) {
                ctx.close();
            } else if (m instanceof ChannelMethod.Close c) {
                send(ch, new ChannelMethod.CloseOk());
                inbound.add(() -> {
                    ChannelListener l = listeners.remove(ch);
                    if (l != null) {
                        l.closed(c.replyCode(), c.replyText());
                    }
                });
            } else if (ch != 0) {
                dispatch(ch, l -> l.method(m));
            }
        }

        @Override
        protected void content(int ch, Method m, BasicProperties p, byte[] body) {
            dispatch(ch, l -> l.content(m, p, body));
        }
    }
}
