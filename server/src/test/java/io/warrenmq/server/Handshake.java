package io.warrenmq.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.warrenmq.codec.BodyFrame;
import io.warrenmq.codec.FrameDecoder;
import io.warrenmq.codec.FrameWriter;
import io.warrenmq.codec.HeaderFrame;
import io.warrenmq.codec.HeartbeatFrame;
import io.warrenmq.codec.MethodFrame;
import io.warrenmq.codec.ProtocolHeader;
import io.warrenmq.codec.ProtocolHeaderHandler;
import io.warrenmq.codec.method.BasicMethod;
import io.warrenmq.codec.method.ChannelMethod;
import io.warrenmq.codec.method.ConnectionMethod;
import io.warrenmq.codec.method.Method;
import io.warrenmq.codec.types.BasicProperties;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.server.alarm.ResourceAlarms;
import io.warrenmq.server.connection.Authenticator;
import io.warrenmq.server.connection.ConnectionHandler;
import io.warrenmq.server.queue.Queue;
import io.warrenmq.server.vhost.VirtualHost;
import io.warrenmq.server.vhost.VirtualHosts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A scripted AMQP client wired to the real server pipeline inside an {@link EmbeddedChannel}.
 *
 * <p>The server side is built as {@code Broker.start}'s initializer builds it ({@code protocolHeader →
 * frameDecoder → connection}, the decoder reporting frames to the connection's {@code frames()}). Client frames are encoded with {@link FrameWriter} and written inbound;
 * what the server writes is read back from the channel's outbound queue and decoded by a second
 * {@link EmbeddedChannel} holding a client-side {@link FrameDecoder}, then assembled into
 * {@link Received} values (a method, plus its properties and body when it carries content) so tests
 * assert on plain method records and never hold a buffer.
 *
 * <p>Queue work: the connection's mailbox and the queues it declares live on the embedded event loop.
 * {@code writeInbound} already runs pending tasks; {@link #runPendingTasks()} runs any posted since.
 *
 * <p>Thread-safety: none; one test thread.
 */
public final class Handshake implements AutoCloseable {
    /** What the server sent: a method on a channel, with content for deliver/get-ok/return. */
    public record Received(int channel, Method method, BasicProperties properties, byte[] body) {
        public String bodyText() {
            return body == null ? null : new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Client properties a modern RabbitMQ client sends (the capabilities the server reads). */
    public static final FieldTable CLIENT_PROPERTIES = FieldTable.of(Map.of(
            "product", "warren-tests",
            "capabilities", FieldTable.of(Map.of(
                    "consumer_cancel_notify", true,
                    "connection.blocked", true,
                    "authentication_failure_close", true))));

    private final BrokerConfig config;
    private final VirtualHosts vhosts;
    /** Not started: nothing is measured unless a test sets a limit or calls check(), on the test thread. */
    private final ResourceAlarms alarms;
    private final EmbeddedChannel server;
    private final EmbeddedChannel client;
    private final ArrayDeque<Received> received = new ArrayDeque<>();
    /** Per channel: the content-bearing method whose header/body are still arriving. */
    private final Map<Integer, PartialContent> partial = new HashMap<>();
    private int heartbeats;
    private int largestBodyFrame;

    private static final class PartialContent {
        final Method method;
        BasicProperties properties;
        long expected = -1;
        final ByteBuf body = Unpooled.buffer();

        PartialContent(Method method) {
            this.method = method;
        }
    }

    private Handshake(BrokerConfig config, Authenticator authenticator, VirtualHosts vhosts) {
        this.config = config;
        this.vhosts = vhosts;
        this.alarms = new ResourceAlarms(config);
        this.server = new EmbeddedChannel();
        ConnectionHandler connection = new ConnectionHandler(config, authenticator, vhosts, alarms);
        server.pipeline()
                .addLast("protocolHeader", new ProtocolHeaderHandler())
                .addLast("frameDecoder", new FrameDecoder(config.frameMax(), connection.frames()))
                .addLast("connection", connection);
        this.client = new EmbeddedChannel(new FrameDecoder(0));
    }

    /** The pipeline only: nothing written yet. */
    public static Handshake connect(BrokerConfig config) {
        Authenticator authenticator = new Authenticator(config);
        return new Handshake(config, authenticator, VirtualHosts.inMemory(authenticator.users(), config.defaultVhost()));
    }

    /** A connection opened on the default vhost with RabbitMQ's defaults. */
    public static Handshake open() {
        return open(BrokerConfig.defaults());
    }

    /** A connection opened on the config's default vhost as its default user (PLAIN). */
    public static Handshake open(BrokerConfig config) {
        Handshake h = connect(config);
        h.protocolHeader();
        h.expect(0, ConnectionMethod.Start.class);
        h.startOk("PLAIN", plain(config.defaultUser(), config.defaultPass()));
        ConnectionMethod.Tune tune = h.expect(0, ConnectionMethod.Tune.class);
        // heartbeat 0: no IdleStateHandler timers in unit tests
        h.send(0, new ConnectionMethod.TuneOk(tune.channelMax(), tune.frameMax(), 0));
        h.send(0, new ConnectionMethod.Open(config.defaultVhost(), "", false));
        h.expect(0, ConnectionMethod.OpenOk.class);
        return h;
    }

    /** A PLAIN response: {@code NUL user NUL password}. */
    public static byte[] plain(String user, String password) {
        return ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
    }

    // ---- Collaborators -------------------------------------------------------------------

    public EmbeddedChannel channel() {
        return server;
    }

    public BrokerConfig config() {
        return config;
    }

    public VirtualHosts vhosts() {
        return vhosts;
    }

    public VirtualHost vhost() {
        return vhosts.get(config.defaultVhost());
    }

    /** The alarms this connection subscribes to; changing a limit notifies it (run pending tasks after). */
    public ResourceAlarms alarms() {
        return alarms;
    }

    /** Whether the server's socket is still open. */
    public boolean isOpen() {
        return server.isOpen();
    }

    /** The largest body-frame payload the server has written so far. */
    public int largestBodyFramePayload() {
        collect();
        return largestBodyFrame;
    }

    public int heartbeatsReceived() {
        collect();
        return heartbeats;
    }

    // ---- Client to server ----------------------------------------------------------------

    public void protocolHeader() {
        sendBytes(ProtocolHeader.bytes());
    }

    public void startOk(String mechanism, byte[] response) {
        startOk(CLIENT_PROPERTIES, mechanism, response);
    }

    public void startOk(FieldTable clientProperties, String mechanism, byte[] response) {
        send(0, new ConnectionMethod.StartOk(clientProperties, mechanism, response, "en_US"));
    }

    public void send(int channel, Method method) {
        ByteBuf out = Unpooled.buffer();
        FrameWriter.writeMethod(out, channel, method);
        server.writeInbound(out);
    }

    /** Raw bytes, e.g. a hand-made malformed frame. */
    public void sendBytes(byte[] bytes) {
        server.writeInbound(Unpooled.wrappedBuffer(bytes));
    }

    /** basic.publish, its content header and one body frame, in one write. */
    public void publish(int channel, String exchange, String routingKey, BasicProperties properties, byte[] body) {
        publish(channel, new BasicMethod.Publish(exchange, routingKey, false, false), properties, body);
    }

    /** A publish with any flags (mandatory, immediate), its header and body frames, in one write. */
    public void publish(int channel, BasicMethod.Publish publish, BasicProperties properties, byte[] body) {
        ByteBuf out = Unpooled.buffer();
        FrameWriter.writeMethod(out, channel, publish);
        FrameWriter.writeHeader(out, channel, BasicMethod.CLASS_ID, body.length, properties);
        // body frames within the frame-max the server proposed (the client accepts it in tune-ok)
        int maxPayload = config.frameMax() - 8;
        ByteBuf payload = Unpooled.wrappedBuffer(body);
        for (int offset = 0; offset < body.length; offset += maxPayload) {
            FrameWriter.writeBody(out, channel, payload, offset, Math.min(maxPayload, body.length - offset));
        }
        payload.release();
        server.writeInbound(out);
    }

    public void publish(int channel, String exchange, String routingKey, String body) {
        publish(channel, exchange, routingKey, BasicProperties.EMPTY, body.getBytes(StandardCharsets.UTF_8));
    }

    /** channel.open and its open-ok. */
    public void openChannel(int channel) {
        send(channel, new ChannelMethod.Open(""));
        expect(channel, ChannelMethod.OpenOk.class);
    }

    /** Runs tasks posted to the event loop (queue work, mailbox drains) since the last write. */
    public void runPendingTasks() {
        server.runPendingTasks();
    }

    // ---- Server to client ----------------------------------------------------------------

    /** Everything the server wrote so far, in order; the inbox is emptied. */
    public List<Received> received() {
        collect();
        List<Received> all = new ArrayList<>(received);
        received.clear();
        return all;
    }

    /** The next thing the server wrote; fails when it wrote nothing. */
    public Received next() {
        collect();
        Received r = received.poll();
        assertNotNull(r, "the server wrote nothing (more)");
        return r;
    }

    /** The next method, asserting its channel and type. */
    public <T extends Method> T expect(int channel, Class<T> type) {
        Received r = next();
        assertEquals(channel, r.channel(), () -> "channel of " + r.method());
        return assertInstanceOf(type, r.method());
    }

    /** The next method must be connection.close with this reply code. */
    public ConnectionMethod.Close expectConnectionClose(int replyCode) {
        ConnectionMethod.Close close = expect(0, ConnectionMethod.Close.class);
        assertEquals(replyCode, close.replyCode(), close::replyText);
        return close;
    }

    /** The next method must be channel.close on this channel with this reply code. */
    public ChannelMethod.Close expectChannelClose(int channel, int replyCode) {
        ChannelMethod.Close close = expect(channel, ChannelMethod.Close.class);
        assertEquals(replyCode, close.replyCode(), close::replyText);
        return close;
    }

    /** The server wrote nothing since the last read. */
    public void expectNothing() {
        collect();
        assertTrue(received.isEmpty(), () -> "unexpected output: " + received);
    }

    private void collect() {
        for (Object o; (o = server.readOutbound()) != null; ) {
            if (o instanceof ByteBuf buf) {
                client.writeInbound(buf);
            } else {
                ReferenceCountUtil.release(o);
                throw new AssertionError("server wrote a non-buffer: " + o);
            }
        }
        for (Object o; (o = client.readInbound()) != null; ) {
            accept(o);
        }
    }

    private void accept(Object frame) {
        if (frame instanceof HeartbeatFrame) {
            heartbeats++;
        } else if (frame instanceof MethodFrame mf) {
            assertTrue(!partial.containsKey(mf.channel()), "method frame inside content on channel " + mf.channel());
            if (mf.method().hasContent()) {
                partial.put(mf.channel(), new PartialContent(mf.method()));
            } else {
                received.add(new Received(mf.channel(), mf.method(), null, null));
            }
        } else if (frame instanceof HeaderFrame h) {
            try {
                PartialContent p = partial.get(h.channel());
                assertNotNull(p, "content header without a method on channel " + h.channel());
                p.properties = h.properties();
                p.expected = h.bodySize();
                maybeComplete(h.channel(), p);
            } finally {
                h.release();
            }
        } else if (frame instanceof BodyFrame b) {
            try {
                PartialContent p = partial.get(b.channel());
                assertNotNull(p, "content body without a header on channel " + b.channel());
                largestBodyFrame = Math.max(largestBodyFrame, b.payload().readableBytes());
                p.body.writeBytes(b.payload(), b.payload().readerIndex(), b.payload().readableBytes());
                maybeComplete(b.channel(), p);
            } finally {
                b.release();
            }
        } else {
            ReferenceCountUtil.release(frame);
            throw new AssertionError("unexpected decoded object " + frame);
        }
    }

    private void maybeComplete(int channel, PartialContent p) {
        if (p.expected >= 0 && p.body.readableBytes() >= p.expected) {
            received.add(new Received(channel, p.method, p.properties, ByteBufUtil.getBytes(p.body)));
            p.body.release();
            partial.remove(channel);
        }
    }

    /**
     * Closes the socket, deletes every queue (so ready messages are released) and releases whatever
     * is still buffered on either side.
     */
    @Override
    public void close() {
        server.close();
        server.runPendingTasks();
        for (VirtualHost v : vhosts.all()) {
            for (Queue q : List.copyOf(v.queues())) {
                q.deleteAsync();
            }
        }
        server.runPendingTasks();
        try {
            collect();
        } catch (AssertionError | RuntimeException ignored) {
            // best effort: the test already asserted what it wanted
        }
        received.clear();
        partial.values().forEach(p -> p.body.release());
        partial.clear();
        server.finishAndReleaseAll();
        client.finishAndReleaseAll();
        alarms.close();
    }
}
