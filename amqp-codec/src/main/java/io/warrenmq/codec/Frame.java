package io.warrenmq.codec;

/**
 * One AMQP frame: {@code type(1) channel(2) size(4) payload(size) frame-end(1)}.
 *
 * <p>Spec: 2.3.5 "Frame Details" and 4.2.3 "General Frame Format". Frames that hold buffers
 * ({@link HeaderFrame}, {@link BodyFrame}) are owned by whoever receives them and must be released.
 *
 * <p>Thread-safety: implementations are immutable records; the buffers they hold are not thread-safe.
 */
public sealed interface Frame permits MethodFrame, HeaderFrame, BodyFrame, HeartbeatFrame {
    int FRAME_METHOD = 1;
    int FRAME_HEADER = 2;
    int FRAME_BODY = 3;
    int FRAME_HEARTBEAT = 8;
    int FRAME_END = 0xCE;
    int FRAME_MIN_SIZE = 4096;
    /** Octets of a frame that are not payload: type, channel, size and frame-end. */
    int FRAME_OVERHEAD = 8;

    /** The channel number, 0 for connection-level frames. */
    int channel();
}
