package io.warrenmq.server.direct;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.warrenmq.codec.Frame;
import io.warrenmq.codec.FrameDecoder;
import io.warrenmq.codec.FrameWriter;
import io.warrenmq.codec.method.BasicMethod;
import io.warrenmq.codec.method.ChannelMethod;
import io.warrenmq.codec.method.ConfirmMethod;
import io.warrenmq.codec.method.ConnectionMethod;
import io.warrenmq.codec.method.Method;
import io.warrenmq.codec.types.BasicProperties;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.server.connection.Authenticator;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A client-side AMQP 0-9-1 connection with one channel, to the broker's in-JVM direct listener:
 * what RabbitMQ's management plugin does with its "direct" Erlang client. Every change the
 * management API makes (declare, delete, bind, publish, get, purge) is sent as the AMQP method an
 * ordinary client would send, so the broker applies the same permission checks, validation,
 * equivalence rules, limits and durability, and answers with the same reply codes.
 *
 * <p>The session logs in with {@link Authenticator#DIRECT}: the user name plus the broker's secret
 * token, accepted only over a local channel (the HTTP layer has already checked the password).
 *
 * <p>Thread-safety: methods may be called from any thread, but one call at a time: start the next
 * call when the previous one's stage completes. The protocol work runs on the session's event loop
 * (an {@code amqp-io} loop); stages complete there, so callers must not block in them.
 */
public final class DirectSession {
    /** How long one call may wait for the broker (a publish held back by a resource alarm, say). */
    static final long CALL_TIMEOUT_SECONDS = 30;
    private static final int CHANNEL = 1;

    /** A method the broker sent, with the content of a get-ok or a return. */
    public record Received(Method method, BasicProperties properties, byte[] body) {
    }

    private final CompletableFuture<DirectSession> opened = new CompletableFuture<>();
    private final String user;
    private final String token;
    private final String vhost;
    private Channel channel;
    // the fields below are confined to the session's event loop
    private int frameMax = 131072;
    private Pending pending;
    private boolean confirming;
    private boolean closed;

    private DirectSession(String user, String token, String vhost) {
        this.user = user;
        this.token = token;
        this.vhost = vhost;
    }

    /** Connects and opens a channel; the stage fails with a {@link DirectException} if the broker refuses. */
    public static CompletionStage<DirectSession> open(EventLoopGroup group, LocalAddress address, String user,
            String token, String vhost) {
        DirectSession s = new DirectSession(user, token, vhost);
        new Bootstrap().group(group).channel(LocalChannel.class)
                .handler(new io.netty.channel.ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                        ch.pipeline().addLast("frameDecoder", new FrameDecoder(131072))
                                .addLast("session", s.new Handler());
                    }
                })
                .connect(address).addListener(f -> {
                    if (!f.isSuccess()) {
                        s.opened.completeExceptionally(new DirectException(0, "cannot connect: " + f.cause()));
                    }
                });
        return s.opened.orTimeout(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Sends {@code request} on the channel; completes with the first method {@code isReply} accepts. */
    public CompletionStage<Received> call(Method request, Predicate<Method> isReply) {
        CompletableFuture<Received> done = new CompletableFuture<>();
        onLoop(done, () -> {
            pending = new Pending(done, received -> {
                if (isReply.test(received.method())) {
                    done.complete(received);
                    return true;
                }
                return false;
            });
            write(CHANNEL, request);
        });
        return timed(done);
    }

    /** Sends a method that has no reply (ack, reject); ordered before the next call's. */
    public void send(Method request) {
        channel.eventLoop().execute(() -> {
            if (!closed) {
                write(CHANNEL, request);
            }
        });
    }

    /**
     * Publishes one message with {@code mandatory} set, in confirm mode; completes with whether it
     * was routed to a queue (no basic.return before the basic.ack), as RabbitMQ's HTTP publish answers.
     */
    public CompletionStage<Boolean> publish(String exchange, String routingKey, BasicProperties properties,
            byte[] body) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        onLoop(done, () -> {
            if (!confirming) {
                confirming = true;
                write(CHANNEL, new ConfirmMethod.Select(false));
            }
            boolean[] returned = new boolean[1];
            pending = new Pending(done, received -> {
                Method m = received.method();
                if (m instanceof BasicMethod.Return) {
                    returned[0] = true;
                    return false;
                }
                if (m instanceof BasicMethod.Ack) {
                    done.complete(!returned[0]);
                    return true;
                }
                if (m instanceof BasicMethod.Nack) {
                    done.completeExceptionally(new DirectException(0, "the broker could not take the message"));
                    return true;
                }
                return false; // select-ok
            });
            writePublish(exchange, routingKey, properties, body);
        });
        return timed(done);
    }

    /** Closes the connection (its unacked messages go back to their queues); idempotent. */
    public void close() {
        if (channel == null) {
            return;
        }
        channel.eventLoop().execute(() -> {
            if (!closed && channel.isActive()) {
                closed = true;
                write(0, new ConnectionMethod.Close(200, "Goodbye", 0, 0));
                // no need to wait for close-ok: the broker has the close and everything before it
                channel.eventLoop().schedule(() -> channel.close(), 5, TimeUnit.SECONDS);
            }
        });
    }

    private <T> CompletionStage<T> timed(CompletableFuture<T> done) {
        return done.orTimeout(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS).whenComplete((v, e) -> {
            if (e instanceof TimeoutException) {
                channel.close();
            }
        }).exceptionally(thrown -> {
            Throwable e = thrown instanceof java.util.concurrent.CompletionException && thrown.getCause() != null
                    ? thrown.getCause() : thrown;
            throw e instanceof TimeoutException
                    ? new DirectException(0, "the broker did not answer within " + CALL_TIMEOUT_SECONDS + " s")
                    : e instanceof RuntimeException r ? r : new DirectException(0, String.valueOf(e));
        });
    }

    private void onLoop(CompletableFuture<?> done, Runnable work) {
        channel.eventLoop().execute(() -> {
            if (closed) {
                done.completeExceptionally(new DirectException(0, "the session is closed"));
            } else if (pending != null) {
                done.completeExceptionally(new IllegalStateException("one call at a time"));
            } else {
                work.run();
            }
        });
    }

    private void write(int ch, Method m) {
        ByteBuf b = channel.alloc().buffer();
        FrameWriter.writeMethod(b, ch, m);
        channel.writeAndFlush(b);
    }

    private void writePublish(String exchange, String routingKey, BasicProperties properties, byte[] body) {
        ByteBuf b = channel.alloc().buffer(body.length + 512);
        FrameWriter.writeMethod(b, CHANNEL, new BasicMethod.Publish(exchange, routingKey, true, false));
        FrameWriter.writeHeader(b, CHANNEL, BasicMethod.CLASS_ID, body.length, properties);
        int chunk = frameMax - Frame.FRAME_OVERHEAD;
        ByteBuf payload = Unpooled.wrappedBuffer(body);
        for (int offset = 0; offset < body.length; offset += chunk) {
            FrameWriter.writeBody(b, CHANNEL, payload, offset, Math.min(chunk, body.length - offset));
        }
        channel.writeAndFlush(b);
    }

    /** A call waiting for its reply: {@code offer} answers whether {@code received} completed it. */
    private record Pending(CompletableFuture<?> done, Predicate<Received> offer) {
    }

    /** The first failure; later ones (the socket closing after a close method) keep it. */
    private DirectException failed;

    private void fail(DirectException why) {
        closed = true;
        if (failed == null) {
            failed = why;
        }
        opened.completeExceptionally(failed);
        Pending p = pending;
        pending = null;
        if (p != null) {
            p.done().completeExceptionally(failed);
        }
    }

    private void dispatch(Received r) {
        Pending p = pending;
        if (p != null && p.offer().test(r)) {
            pending = null;
        }
    }

    /** The connection's inbound side: the handshake, then replies on channel 1. */
    private final class Handler extends DirectClientFrames {
        @Override
        protected void connected(Channel c) {
            channel = c;
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail(new DirectException(0, "the broker closed the connection"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(new DirectException(0, "direct session failed: " + cause.getMessage()));
            ctx.close();
        }

        @Override
        protected void method(ChannelHandlerContext ctx, int ch, Method m) {
            if (m instanceof ConnectionMethod.Start) {
                byte[] response = (user + "\0" + token).getBytes(StandardCharsets.UTF_8);
                write(0, new ConnectionMethod.StartOk(FieldTable.of(Map.of("product", "Warren management",
                        "connection_name", "management")), Authenticator.DIRECT, response, "en_US"));
            } else if (m instanceof ConnectionMethod.Tune t) {
                frameMax = t.frameMax() == 0 ? 131072 : (int) Math.min(t.frameMax(), 131072);
                ctx.pipeline().get(FrameDecoder.class).maxFrameSize(frameMax);
                write(0, new ConnectionMethod.TuneOk(t.channelMax(), frameMax, 0));
                write(0, new ConnectionMethod.Open(vhost, "", false));
            } else if (m instanceof ConnectionMethod.OpenOk) {
                write(CHANNEL, new ChannelMethod.Open(""));
            } else if (m instanceof ChannelMethod.OpenOk) {
                opened.complete(DirectSession.this);
            } else if (m instanceof ConnectionMethod.Close c) {
                write(0, new ConnectionMethod.CloseOk());
                fail(new DirectException(c.replyCode(), c.replyText()));
                ctx.close();
            } else if (m instanceof ConnectionMethod.CloseOk) {
                ctx.close();
            } else if (m instanceof ChannelMethod.Close c) {
                write(CHANNEL, new ChannelMethod.CloseOk());
                // the session has one channel: once it is gone, so is the session
                fail(new DirectException(c.replyCode(), c.replyText()));
                write(0, new ConnectionMethod.Close(200, "Goodbye", 0, 0));
            } else if (ch == CHANNEL) {
                dispatch(new Received(m, null, null));
            }
        }

        @Override
        protected void content(int ch, Method m, BasicProperties p, byte[] body) {
            if (ch == CHANNEL) {
                dispatch(new Received(m, p, body));
            }
        }
    }
}
