package io.warrenmq.it.amqp10;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warrenmq.amqp10.codec.Performative;
import io.warrenmq.amqp10.codec.SaslFrame;
import io.warrenmq.amqp10.codec.Types.Symbol;
import io.warrenmq.amqp10.frame.FrameWriter;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A byte-level AMQP 1.0 client for the tests that a real client would never send. */
final class RawAmqp10 implements AutoCloseable {
    static final byte[] SASL_HEADER = {'A', 'M', 'Q', 'P', 3, 1, 0, 0};
    static final byte[] AMQP_HEADER = {'A', 'M', 'Q', 'P', 0, 1, 0, 0};

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawAmqp10(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    byte[] read(int n) throws IOException {
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    /** The body of the next frame (after its 8-byte header); empty for a heartbeat. */
    ByteBuf readFrame() throws IOException {
        int size = in.readInt();
        byte[] rest = read(size - 4);
        int doff = rest[0] & 0xff;
        return Unpooled.wrappedBuffer(rest, doff * 4 - 4, size - doff * 4);
    }

    Performative readPerformative() throws IOException {
        ByteBuf body;
        do {
            body = readFrame();
        } while (!body.isReadable());
        return Performative.decode(body);
    }

    /** SASL PLAIN as guest, then the AMQP header exchange. */
    void login(String user, String password) throws IOException {
        write(SASL_HEADER);
        read(8);
        readFrame(); // mechanisms
        ByteBuf init = Unpooled.buffer();
        FrameWriter.sasl(init, new SaslFrame.Init(Symbol.of("PLAIN"),
                ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8), null));
        write(bytes(init));
        SaslFrame.Outcome outcome = (SaslFrame.Outcome) SaslFrame.decode(readFrame());
        if (outcome.code() != 0) {
            throw new IOException("SASL outcome " + outcome.code());
        }
        write(AMQP_HEADER);
        read(8);
    }

    void send(int channel, Performative p) throws IOException {
        ByteBuf b = Unpooled.buffer();
        FrameWriter.amqp(b, channel, p);
        write(bytes(b));
    }

    /** Whether the broker closed the socket (read returns end of stream). */
    boolean closedByPeer() throws IOException {
        try {
            while (true) {
                readFrame();
            }
        } catch (EOFException e) {
            return true;
        } catch (java.net.SocketException e) {
            return true; // reset after close
        }
    }

    static byte[] bytes(ByteBuf b) {
        byte[] a = new byte[b.readableBytes()];
        b.readBytes(a);
        return a;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
