package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A hand-rolled AMQP 0-9-1 peer over a plain socket, for the protocol violations and silences that
 * the RabbitMQ Java client will not produce: bad protocol headers, oversized frames, bad frame-end
 * octets, methods on channels that are not open, a peer that stops heartbeating.
 *
 * <p>Frame layout (spec §2.3.5 / §4.2.3): type octet, channel short, size long, payload, frame-end
 * octet {@code 0xCE}. Only the handful of methods the tests need are encoded. Thread-safety: use
 * from one thread.
 */
public final class RawAmqpClient implements AutoCloseable {
    public static final byte[] PROTOCOL_HEADER = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};
    public static final int FRAME_METHOD = 1;
    public static final int FRAME_HEADER = 2;
    public static final int FRAME_BODY = 3;
    public static final int FRAME_HEARTBEAT = 8;
    public static final int FRAME_END = 0xCE;

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    /** A received frame. */
    public record Frame(int type, int channel, byte[] payload) {
        public int classId() {
            return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }

        public int methodId() {
            return ((payload[2] & 0xFF) << 8) | (payload[3] & 0xFF);
        }

        /** The method arguments, after class and method ids. */
        public DataInputStream arguments() {
            return new DataInputStream(new ByteArrayInputStream(payload, 4, payload.length - 4));
        }

        public boolean isMethod(int expectedClassId, int expectedMethodId) {
            return type == FRAME_METHOD && classId() == expectedClassId && methodId() == expectedMethodId;
        }

        @Override
        public String toString() {
            return type == FRAME_METHOD
                    ? "method frame " + classId() + "/" + methodId() + " on channel " + channel
                    : "frame type " + type + " on channel " + channel + " (" + payload.length + " bytes)";
        }
    }

    /** What {@code connection.tune} proposed. */
    public record Tune(int channelMax, int frameMax, int heartbeat) {
    }

    /** A {@code connection.close} or {@code channel.close} received from the broker. */
    public record Close(int replyCode, String replyText, int classId, int methodId) {
    }

    private RawAmqpClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawAmqpClient connect(String host, int port) throws IOException {
        return connect(host, port, 0);
    }

    /**
     * Connects with a kernel receive buffer of {@code receiveBufferBytes} (0: the system default),
     * set before connecting so that the TCP window is sized by it: a peer that then stops reading
     * stalls the broker's writes after that many bytes.
     */
    static RawAmqpClient connect(String host, int port, int receiveBufferBytes) throws IOException {
        Socket socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new java.net.InetSocketAddress(host, port));
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        return new RawAmqpClient(socket);
    }

    /** The client-side port, which the broker sees as the peer port. */
    public int localPort() {
        return socket.getLocalPort();
    }

    public void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void sendFrame(int type, int channel, byte[] payload) throws IOException {
        sendFrame(type, channel, payload, FRAME_END);
    }

    public void sendFrame(int type, int channel, byte[] payload, int frameEnd) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 8);
        DataOutputStream data = new DataOutputStream(frame);
        data.writeByte(type);
        data.writeShort(channel);
        data.writeInt(payload.length);
        data.write(payload);
        data.writeByte(frameEnd);
        sendBytes(frame.toByteArray());
    }

    /** Sends only a frame header announcing {@code declaredSize} payload bytes, and no payload. */
    public void sendFrameHeaderOnly(int type, int channel, int declaredSize) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream(7);
        DataOutputStream data = new DataOutputStream(header);
        data.writeByte(type);
        data.writeShort(channel);
        data.writeInt(declaredSize);
        sendBytes(header.toByteArray());
    }

    public void sendMethod(int channel, int classId, int methodId, Arguments arguments) throws IOException {
        sendFrame(FRAME_METHOD, channel, methodPayload(classId, methodId, arguments));
    }

    public static byte[] methodPayload(int classId, int methodId, Arguments arguments) {
        Arguments payload = new Arguments().shortInt(classId).shortInt(methodId);
        payload.raw(arguments.toByteArray());
        return payload.toByteArray();
    }

    /** Reads exactly {@code n} bytes (e.g. the protocol header the broker answers a bad header with). */
    public byte[] readBytes(int n) throws IOException {
        byte[] bytes = new byte[n];
        in.readFully(bytes);
        return bytes;
    }

    public Frame readFrame() throws IOException {
        int type = in.readUnsignedByte();
        int channel = in.readUnsignedShort();
        int size = in.readInt();
        if (size < 0 || size > 64 * 1024 * 1024) {
            throw new IOException("implausible frame size " + size);
        }
        byte[] payload = new byte[size];
        in.readFully(payload);
        int end = in.readUnsignedByte();
        if (end != FRAME_END) {
            throw new IOException("broker sent frame-end octet " + end);
        }
        return new Frame(type, channel, payload);
    }

    /** The next non-heartbeat frame. */
    public Frame readNonHeartbeatFrame() throws IOException {
        while (true) {
            Frame frame = readFrame();
            if (frame.type() != FRAME_HEARTBEAT) {
                return frame;
            }
        }
    }

    public Frame expectMethod(int classId, int methodId) throws IOException {
        Frame frame = readNonHeartbeatFrame();
        if (frame.isMethod(10, 50) && !(classId == 10 && methodId == 50)) {
            Close close = parseClose(frame);
            fail("expected method " + classId + "/" + methodId + " but the broker closed the connection: " + close);
        }
        if (!frame.isMethod(classId, methodId)) {
            fail("expected method " + classId + "/" + methodId + " but got " + frame);
        }
        return frame;
    }

    /**
     * Performs the connection handshake as guest/guest on vhost "/": header, start/start-ok (PLAIN),
     * tune/tune-ok (accepting the broker's channel-max and frame-max, proposing {@code heartbeat}),
     * open/open-ok. Returns what the broker proposed in {@code connection.tune}.
     */
    public Tune handshake(int heartbeat) throws IOException {
        sendBytes(PROTOCOL_HEADER);
        expectMethod(10, 10);
        sendMethod(0, 10, 11, new Arguments()
                .emptyTable()
                .shortString("PLAIN")
                .longString("\0guest\0guest".getBytes(StandardCharsets.UTF_8))
                .shortString("en_US"));
        DataInputStream tuneArguments = expectMethod(10, 30).arguments();
        Tune tune = new Tune(tuneArguments.readUnsignedShort(), tuneArguments.readInt(), tuneArguments.readUnsignedShort());
        sendMethod(0, 10, 31, new Arguments()
                .shortInt(tune.channelMax())
                .longInt(tune.frameMax())
                .shortInt(heartbeat));
        sendMethod(0, 10, 40, new Arguments().shortString("/").shortString("").octet(0));
        expectMethod(10, 41);
        return tune;
    }

    public void openChannel(int channel) throws IOException {
        sendMethod(channel, 20, 10, new Arguments().shortString(""));
        Frame openOk = expectMethod(20, 11);
        assertEquals(channel, openOk.channel(), "channel.open-ok channel number");
    }

    public void closeChannel(int channel) throws IOException {
        sendMethod(channel, 20, 40, new Arguments().shortInt(200).shortString("bye").shortInt(0).shortInt(0));
        Frame closeOk = expectMethod(20, 41);
        assertEquals(channel, closeOk.channel(), "channel.close-ok channel number");
    }

    /** {@code queue.declare} of a non-durable, auto-delete queue, as raw arguments. */
    public static Arguments queueDeclare(String queue) {
        return new Arguments().shortInt(0).shortString(queue).bits(false, false, false, true, false).emptyTable();
    }

    /**
     * Reads frames until the broker's {@code connection.close}, answers it with {@code close-ok}
     * and returns it. Fails if the socket ends first.
     */
    public Close expectConnectionClose() throws IOException {
        while (true) {
            Frame frame;
            try {
                frame = readNonHeartbeatFrame();
            } catch (EOFException | SocketException e) {
                return fail("the broker dropped the connection without sending connection.close", e);
            }
            if (frame.isMethod(10, 50)) {
                Close close = parseClose(frame);
                try {
                    sendMethod(0, 10, 51, new Arguments());
                } catch (IOException ignored) {
                    // why: the broker may already have closed its end; the close is what we assert on
                }
                return close;
            }
        }
    }

    /** True once the broker has closed the socket (EOF or reset); false if it is still open at the deadline. */
    public boolean awaitDisconnect(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] sink = new byte[4096];
        InputStream raw = socket.getInputStream();
        while (System.nanoTime() - deadline < 0) {
            try {
                if (raw.read(sink) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                // still open; keep waiting until the deadline
            } catch (SocketException e) {
                return true;
            }
        }
        return false;
    }

    /** Sets how long a single read may block. */
    public void readTimeout(Duration timeout) {
        try {
            socket.setSoTimeout((int) timeout.toMillis());
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Close parseClose(Frame frame) throws IOException {
        DataInputStream arguments = frame.arguments();
        int replyCode = arguments.readUnsignedShort();
        String replyText = readShortString(arguments);
        int classId = arguments.readUnsignedShort();
        int methodId = arguments.readUnsignedShort();
        return new Close(replyCode, replyText, classId, methodId);
    }

    private static String readShortString(DataInputStream arguments) throws IOException {
        byte[] bytes = new byte[arguments.readUnsignedByte()];
        arguments.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Builds method arguments in wire order (spec §4.2.5: big-endian, consecutive bits packed in octets). */
    public static final class Arguments {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream data = new DataOutputStream(bytes);

        public Arguments octet(int value) {
            return write(() -> data.writeByte(value));
        }

        public Arguments shortInt(int value) {
            return write(() -> data.writeShort(value));
        }

        public Arguments longInt(int value) {
            return write(() -> data.writeInt(value));
        }

        public Arguments longLong(long value) {
            return write(() -> data.writeLong(value));
        }

        public Arguments shortString(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            return write(() -> {
                data.writeByte(utf8.length);
                data.write(utf8);
            });
        }

        /** A shortstr of raw octets (why: names that are not valid UTF-8, which a String cannot carry). */
        public Arguments shortString(byte[] value) {
            if (value.length > 255) {
                throw new IllegalArgumentException("shortstr of " + value.length + " octets");
            }
            return write(() -> {
                data.writeByte(value.length);
                data.write(value);
            });
        }

        public Arguments longString(byte[] value) {
            return write(() -> {
                data.writeInt(value.length);
                data.write(value);
            });
        }

        public Arguments emptyTable() {
            return longInt(0);
        }

        /** Up to eight consecutive bit fields packed into one octet, first field in the lowest bit. */
        public Arguments bits(boolean... flags) {
            int packed = 0;
            for (int i = 0; i < flags.length; i++) {
                if (flags[i]) {
                    packed |= 1 << i;
                }
            }
            return octet(packed);
        }

        public Arguments raw(byte[] value) {
            return write(() -> data.write(value));
        }

        public byte[] toByteArray() {
            return bytes.toByteArray();
        }

        private Arguments write(IoAction action) {
            try {
                action.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        private interface IoAction {
            void run() throws IOException;
        }
    }
}
