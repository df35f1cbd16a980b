package io.warrenmq.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.warrenmq.codec.Frame;
import io.warrenmq.codec.FrameWriter;
import io.warrenmq.codec.ProtocolHeader;
import io.warrenmq.codec.method.BasicMethod;
import io.warrenmq.codec.method.ChannelMethod;
import io.warrenmq.codec.method.ConnectionMethod;
import io.warrenmq.codec.method.Method;
import io.warrenmq.codec.method.Methods;
import io.warrenmq.codec.types.FieldTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One AMQP 0-9-1 client connection with one channel (number 1), just what load generation needs:
 * the handshake (PLAIN, heartbeats off), synchronous calls on channel 1 ({@code queue.declare},
 * {@code basic.qos}, {@code basic.consume}, {@code confirm.select}...), raw writes for publishes,
 * {@code basic.ack}, and a read path for the frames that arrive once per message.
 *
 * <pre>
 *   AWAITING_START --start/start-ok--> AWAITING_TUNE --tune/tune-ok+open--> AWAITING_OPEN_OK
 *     --open-ok/channel.open--> AWAITING_CHANNEL_OPEN_OK --channel.open-ok--> OPEN
 *     --close()/connection.close--> CLOSING --close-ok--> CLOSED
 * </pre>
 *
 * <p>// why: the per-message frames ({@code basic.deliver}, its content header and body, and
 * {@code basic.ack}/{@code basic.nack} confirms) are parsed in place in the socket's cumulation
 * buffer: the codec's {@code FrameDecoder} would build records, strings and property objects per
 * delivery, and the load generator must cost far less than the broker it measures. Every other
 * method goes through the codec's {@link Methods#read}.
 *
 * <p>A broker-side {@code connection.close} or {@code channel.close} fails every pending call and
 * {@link #closed()} with the reply code and text; the caller decides what to do.
 *
 * <p>Thread-safety: the handler runs on the channel's event loop; {@link #call}, {@link #listen} and
 * {@link #close} may be called from any thread (they hop to the loop); {@link #write}, {@link #flush},
 * {@link #ack} and {@link #canPublish} only on the loop (from a {@link Listener}).
 */
final class ClientConnection extends ByteToMessageDecoder {
    static final int CHANNEL = 1;
    private static final int FRAME_HEADER = 7;
    private static final int DEFAULT_FRAME_MAX = 131072;
    private static final long CLOSE_TIMEOUT_MS = 5000;

    /** What the connection reports, always on its event loop. */
    interface Listener {
        /** A delivery is complete; {@code publishedNanos} is the nanoTime its body starts with, 0 if shorter than 8. */
        default void delivered(long deliveryTag, long publishedNanos) {
        }

        /** {@code basic.ack} ({@code ack} true) or {@code basic.nack} of published messages (confirm mode). */
        default void confirmed(long deliveryTag, boolean multiple, boolean ack) {
        }

        /** Publishing may resume: the socket drained below its low watermark, or the broker unblocked us. */
        default void writable() {
        }

        /** One socket read was processed: flush what was written in reaction to it. */
        default void readComplete() {
        }
    }

    private static final Listener NOBODY = new Listener() {
    };

    private enum State { AWAITING_START, AWAITING_TUNE, AWAITING_OPEN_OK, AWAITING_CHANNEL_OPEN_OK, OPEN, CLOSING, CLOSED }

    /** What the next content frames belong to. */
    private enum Content { NONE, DELIVERY, SKIPPED }

    private final BrokerAddress address;
    private final CompletableFuture<ClientConnection> ready = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final ArrayDeque<CompletableFuture<Method>> pending = new ArrayDeque<>();

    private State state = State.AWAITING_START;
    private ChannelHandlerContext ctx;
    private Listener listener = NOBODY;
    private int frameMax = DEFAULT_FRAME_MAX;
    private boolean blocked;
    private boolean dirty;
    private String serverProduct = "?";

    private Content content = Content.NONE;
    private long contentRemaining;
    private long deliveryTag;
    private long publishedNanos;
    private boolean awaitingFirstBody;

    private ClientConnection(BrokerAddress address) {
        this.address = address;
    }

    /** Connects, shakes hands and opens channel 1; completes once the channel is open. */
    static CompletableFuture<ClientConnection> connect(EventLoopGroup group, BrokerAddress address) {
        ClientConnection handler = new ClientConnection(address);
        new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                // why: writability turns false past 1 MiB queued, so a publisher never buffers more than that
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(handler)
                .connect(address.host(), address.port())
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        handler.ready.completeExceptionally(f.cause());
                        handler.closed.completeExceptionally(f.cause());
                    }
                });
        return handler.ready;
    }

    /** Sets who hears about deliveries, confirms and writability; ordered before later {@link #call}s. */
    void listen(Listener l) {
        loop().execute(() -> listener = l);
    }

    /** Sends a synchronous method on channel 1; completes with the broker's reply. */
    CompletableFuture<Method> call(Method method) {
        CompletableFuture<Method> reply = new CompletableFuture<>();
        loop().execute(() -> {
            if (state != State.OPEN) {
                reply.completeExceptionally(new IOException("connection is " + state));
                return;
            }
            pending.add(reply);
            writeMethod(CHANNEL, method);
            flush();
        });
        return reply;
    }

    /** Completes when the socket is closed; exceptionally if the broker closed the connection or channel. */
    CompletableFuture<Void> closed() {
        return closed;
    }

    /** The {@code product} the broker announced in {@code connection.start}. */
    String serverProduct() {
        return serverProduct;
    }

    /** Largest frame both sides accept; bodies are split to fit it. */
    int frameMax() {
        return frameMax;
    }

    EventLoop loop() {
        return ctx.channel().eventLoop();
    }

    ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    /** On the loop: the socket takes more and the broker has not blocked us. */
    boolean canPublish() {
        return state == State.OPEN && !blocked && ctx.channel().isWritable();
    }

    /** On the loop: queues already-framed bytes (takes ownership); {@link #flush} sends them. */
    void write(ByteBuf frames) {
        ctx.write(frames, ctx.voidPromise());
        dirty = true;
    }

    /** On the loop: {@code basic.ack} on channel 1, sent with the next {@link #flush}. */
    void ack(long tag, boolean multiple) {
        writeMethod(CHANNEL, new BasicMethod.Ack(tag, multiple));
    }

    /** On the loop: hands everything written to the socket. */
    void flush() {
        if (dirty) {
            dirty = false;
            ctx.flush();
        }
    }

    /** Closes politely ({@code connection.close}, then the socket after close-ok or 5 s). */
    CompletableFuture<Void> close() {
        loop().execute(() -> {
            if (state == State.OPEN) {
                state = State.CLOSING;
                writeMethod(0, new ConnectionMethod.Close(200, "Goodbye", 0, 0));
                flush();
                ctx.executor().schedule(() -> ctx.close(), CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } else if (state != State.CLOSING) {
                ctx.close();
            }
        });
        return closed.handle((v, e) -> null);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(ProtocolHeader.bytes()));
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        state = State.CLOSED;
        IOException gone = new IOException("connection to " + address + " closed");
        ready.completeExceptionally(gone);
        failPending(gone);
        closed.complete(null);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable() && !blocked) {
            listener.writable();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        super.channelReadComplete(ctx);
        listener.readComplete();
        flush();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= FRAME_HEADER) {
            int start = in.readerIndex();
            int size = in.getInt(start + 3);
            if (size < 0) {
                throw new IllegalStateException("frame of " + Integer.toUnsignedLong(size) + " octets: out of sync");
            }
            if (in.readableBytes() < FRAME_HEADER + size + 1) {
                return;
            }
            int type = in.getUnsignedByte(start);
            int channel = in.getUnsignedShort(start + 1);
            int payload = start + FRAME_HEADER;
            if (in.getUnsignedByte(payload + size) != Frame.FRAME_END) {
                throw new IllegalStateException("frame-end octet missing: out of sync with the broker");
            }
            in.readerIndex(payload + size + 1);
            switch (type) {
                case Frame.FRAME_METHOD -> onMethod(channel, in, payload, size);
                case Frame.FRAME_HEADER -> onHeader(in, payload);
                case Frame.FRAME_BODY -> onBody(in, payload, size);
                case Frame.FRAME_HEARTBEAT -> { }
                default -> throw new IllegalStateException("unknown frame type " + type);
            }
        }
    }

    private void onMethod(int channel, ByteBuf in, int payload, int size) {
        int classId = in.getUnsignedShort(payload);
        int methodId = in.getUnsignedShort(payload + 2);
        if (classId == BasicMethod.CLASS_ID) {
            switch (methodId) {
                case BasicMethod.Deliver.METHOD_ID -> {
                    int tagLength = in.getUnsignedByte(payload + 4);
                    deliveryTag = in.getLong(payload + 5 + tagLength);
                    content = Content.DELIVERY;
                    return;
                }
                case BasicMethod.Ack.METHOD_ID -> {
                    listener.confirmed(in.getLong(payload + 4), (in.getByte(payload + 12) & 1) != 0, true);
                    return;
                }
                case BasicMethod.Nack.METHOD_ID -> {
                    listener.confirmed(in.getLong(payload + 4), (in.getByte(payload + 12) & 1) != 0, false);
                    return;
                }
                case BasicMethod.Return.METHOD_ID, BasicMethod.GetOk.METHOD_ID -> {
                    content = Content.SKIPPED;
                    return;
                }
                default -> { }
            }
        }
        onOtherMethod(channel, Methods.read(classId, methodId, in.slice(payload + 4, size - 4)));
    }

    private void onHeader(ByteBuf in, int payload) {
        contentRemaining = in.getLong(payload + 4);
        publishedNanos = 0;
        awaitingFirstBody = true;
        if (contentRemaining == 0) {
            contentDone();
        }
    }

    private void onBody(ByteBuf in, int payload, int size) {
        if (awaitingFirstBody) {
            awaitingFirstBody = false;
            if (size >= 8 && content == Content.DELIVERY) {
                publishedNanos = in.getLong(payload);
            }
        }
        contentRemaining -= size;
        if (contentRemaining <= 0) {
            contentDone();
        }
    }

    private void contentDone() {
        if (content == Content.DELIVERY) {
            listener.delivered(deliveryTag, publishedNanos);
        }
        content = Content.NONE;
    }

    private void onOtherMethod(int channel, Method m) {
        if (m instanceof ConnectionMethod cm) {
            onConnectionMethod(cm);
        } else if (m instanceof ChannelMethod.Close close) {
            writeMethod(CHANNEL, new ChannelMethod.CloseOk());
            flush();
            fail(new IOException("channel closed by the broker: " + close.replyCode() + " " + close.replyText()));
        } else if (m instanceof ChannelMethod.OpenOk && state == State.AWAITING_CHANNEL_OPEN_OK) {
            state = State.OPEN;
            ready.complete(this);
        } else if (m instanceof ChannelMethod.Flow flow) {
            blocked = !flow.active();
            writeMethod(CHANNEL, new ChannelMethod.FlowOk(flow.active()));
            flush();
            resumeIfWritable();
        } else if (channel == CHANNEL && !pending.isEmpty()) {
            pending.poll().complete(m);
        }
        // anything else (basic.cancel from the broker, a stray reply) is of no interest to a load generator
    }

    private void onConnectionMethod(ConnectionMethod m) {
        if (m instanceof ConnectionMethod.Start start && state == State.AWAITING_START) {
            Object product = start.serverProperties().get("product");
            serverProduct = product instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(product);
            if (!(" " + start.mechanisms() + " ").contains(" PLAIN ")) {
                fail(new IOException("the broker does not offer PLAIN: " + start.mechanisms()));
                return;
            }
            byte[] response = ("\0" + address.user() + "\0" + address.password()).getBytes(StandardCharsets.UTF_8);
            writeMethod(0, new ConnectionMethod.StartOk(clientProperties(), "PLAIN", response, "en_US"));
            state = State.AWAITING_TUNE;
        } else if (m instanceof ConnectionMethod.Tune tune && state == State.AWAITING_TUNE) {
            frameMax = tune.frameMax() == 0 ? DEFAULT_FRAME_MAX : (int) Math.min(tune.frameMax(), DEFAULT_FRAME_MAX);
            int channelMax = tune.channelMax() == 0 ? 2047 : tune.channelMax();
            // heartbeat 0: a load generator that saturates the socket never lets it go idle anyway
            writeMethod(0, new ConnectionMethod.TuneOk(channelMax, frameMax, 0));
            writeMethod(0, new ConnectionMethod.Open(address.vhost(), "", false));
            state = State.AWAITING_OPEN_OK;
        } else if (m instanceof ConnectionMethod.OpenOk && state == State.AWAITING_OPEN_OK) {
            writeMethod(CHANNEL, new ChannelMethod.Open(""));
            state = State.AWAITING_CHANNEL_OPEN_OK;
        } else if (m instanceof ConnectionMethod.Close close) {
            writeMethod(0, ConnectionMethod.CloseOk.INSTANCE);
            flush();
            fail(new IOException("connection closed by the broker: " + close.replyCode() + " " + close.replyText()));
            return;
        } else if (m instanceof ConnectionMethod.CloseOk) {
            ctx.close();
            return;
        } else if (m instanceof ConnectionMethod.Blocked) {
            blocked = true;
        } else if (m instanceof ConnectionMethod.Unblocked) {
            blocked = false;
            resumeIfWritable();
        }
        flush();
    }

    private void resumeIfWritable() {
        if (!blocked && ctx.channel().isWritable()) {
            listener.writable();
        }
    }

    private static FieldTable clientProperties() {
        Map<String, Object> capabilities = Map.of(
                "publisher_confirms", true,
                "basic.nack", true,
                "consumer_cancel_notify", true,
                "connection.blocked", true);
        return FieldTable.of(Map.of(
                "product", "Warren load generator",
                "platform", "Java " + Runtime.version().feature(),
                "capabilities", capabilities));
    }

    private void writeMethod(int channel, Method method) {
        ByteBuf buf = ctx.alloc().buffer(64);
        FrameWriter.writeMethod(buf, channel, method);
        write(buf);
    }

    private void fail(Throwable cause) {
        ready.completeExceptionally(cause);
        closed.completeExceptionally(cause);
        failPending(cause);
        state = State.CLOSED;
        Channel ch = ctx.channel();
        // why: let a close-ok just written reach the broker before the socket goes
        ch.eventLoop().schedule(() -> ch.close(), 100, TimeUnit.MILLISECONDS);
    }

    private void failPending(Throwable cause) {
        CompletableFuture<Method> p;
        while ((p = pending.poll()) != null) {
            p.completeExceptionally(cause);
        }
    }
}
