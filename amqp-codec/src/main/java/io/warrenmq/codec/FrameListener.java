package io.warrenmq.codec;

import io.netty.buffer.ByteBuf;
import io.warrenmq.codec.method.Method;

/**
 * What a {@link FrameDecoder} built with a listener reports, frame by frame, instead of emitting
 * {@link Frame} records: the fields of each frame, after the decoder has checked them.
 *
 * <p>why: a publish is three frames; a record per frame, and a retained slice per header and body, were
 * most of what the broker allocated per message. Netty's HTTP/2 codec reports frames the same way
 * ({@code Http2FrameListener}).
 *
 * <p>Content is passed as a region {@code [index, index + length)} of the decoder's input buffer, valid
 * only during the call: a listener copies what it keeps and never changes the buffer's indexes.
 * A listener must not throw: anything it throws is taken for a decoding failure.
 *
 * <p>Thread-safety: called on the channel's event loop, one frame at a time.
 */
public interface FrameListener {

    /** A method frame. */
    void onMethod(int channel, Method method);

    /**
     * A content header frame: class id, body size, and the raw property list (flags and properties, already
     * validated for class basic, trailing octets dropped) at {@code in[index, index + length)}.
     */
    void onHeader(int channel, int classId, long bodySize, ByteBuf in, int index, int length);

    /** A content body frame whose payload is {@code in[index, index + length)}. */
    void onBody(int channel, ByteBuf in, int index, int length);

    /** A heartbeat frame (always on channel 0). */
    void onHeartbeat();
}
