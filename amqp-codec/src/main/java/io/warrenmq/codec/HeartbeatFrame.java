package io.warrenmq.codec;

/**
 * A heartbeat frame (type 8); always on channel 0 once decoded. Spec 4.2.7 "Heartbeat Frames".
 *
 * <p>Thread-safety: immutable.
 */
public record HeartbeatFrame(int channel) implements Frame {
    /** The only heartbeat a valid peer sends: channel 0. */
    public static final HeartbeatFrame INSTANCE = new HeartbeatFrame(0);
}
