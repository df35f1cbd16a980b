package io.warrenmq.server.connection;

import io.netty.buffer.ByteBuf;
import io.warrenmq.codec.BodyFrame;
import io.warrenmq.codec.Frame;
import io.warrenmq.codec.FrameDecoder;
import io.warrenmq.codec.FrameListener;
import io.warrenmq.codec.HeaderFrame;
import io.warrenmq.codec.MethodFrame;
import io.warrenmq.codec.method.Method;

/**
 * Where one connection's decoded frames go: the {@link FrameListener} of its {@link FrameDecoder}.
 *
 * <p>A frame is handed to the {@link ConnectionHandler}'s state machine at once, or, while the
 * connection's {@link PublishGate} holds frames (blocked by a resource alarm, or held frames still ahead),
 * kept in the gate as a {@link Frame} record (content in a retained slice of the decoder's input: the only
 * place the broker still builds records) and replayed when it opens. Whatever handling a frame throws
 * becomes a channel or connection close here ({@link ConnectionHandler#failed}), so nothing reaches the
 * decoder, which would take it for a decoding error.
 *
 * <p>Thread-safety: confined to the connection's event loop.
 */
final class ConnectionFrames implements FrameListener {
    private final ConnectionHandler connection;

    ConnectionFrames(ConnectionHandler connection) {
        this.connection = connection;
    }

    @Override
    public void onMethod(int channel, Method method) {
        PublishGate gate = connection.holdingGate();
        if (gate != null) {
            gate.hold(new MethodFrame(channel, method)); // decoded from bytes read before the socket was paused
            return;
        }
        try {
            connection.method(channel, method);
        } catch (RuntimeException e) {
            connection.failed(channel, e);
        }
    }

    @Override
    public void onHeader(int channel, int classId, long bodySize, ByteBuf in, int index, int length) {
        PublishGate gate = connection.holdingGate();
        if (gate != null) {
            gate.hold(new HeaderFrame(channel, classId, bodySize, in.retainedSlice(index, length)));
            return;
        }
        try {
            connection.header(channel, classId, bodySize, in, index, length);
        } catch (RuntimeException e) {
            connection.failed(channel, e);
        }
    }

    @Override
    public void onBody(int channel, ByteBuf in, int index, int length) {
        PublishGate gate = connection.holdingGate();
        if (gate != null) {
            gate.hold(new BodyFrame(channel, in.retainedSlice(index, length)));
            return;
        }
        try {
            connection.body(channel, in, index, length);
        } catch (RuntimeException e) {
            connection.failed(channel, e);
        }
    }

    /**
     * Nothing to do, in any state: the idle handler, ahead of the decoder, already counted the octets
     * (so heartbeats are not held either).
     */
    @Override
    public void onHeartbeat() {
    }

    /** A frame record (from a decoder in record mode): held, or handled now, as the calls above. */
    void onFrame(Frame frame) {
        PublishGate gate = connection.holdingGate();
        if (gate != null) {
            gate.hold(frame);
        } else {
            replay(frame);
        }
    }

    /** Handles a frame record now (a held one: it is not held again) and releases its buffer. */
    void replay(Frame frame) {
        try {
            if (frame instanceof MethodFrame m) {
                connection.method(m.channel(), m.method());
            } else if (frame instanceof HeaderFrame h) {
                ByteBuf p = h.rawProperties();
                connection.header(h.channel(), h.classId(), h.bodySize(), p, p.readerIndex(), p.readableBytes());
            } else if (frame instanceof BodyFrame b) {
                ByteBuf p = b.payload();
                connection.body(b.channel(), p, p.readerIndex(), p.readableBytes());
            }
        } catch (RuntimeException e) {
            connection.failed(frame.channel(), e);
        } finally {
            if (frame instanceof HeaderFrame h) {
                h.release();
            } else if (frame instanceof BodyFrame b) {
                b.release();
            }
        }
    }
}
