package io.warrenmq.management.backend;

import java.util.Locale;

/**
 * The {@code ackmode} of POST /api/queues/{vhost}/{name}/get, as rabbit_mgmt_wm_queue_get has them:
 * get with no-ack, or get with acks then requeue (by closing the channel) or reject each message.
 */
public enum AckMode {
    ACK_REQUEUE_FALSE(true, false), ACK_REQUEUE_TRUE(false, true), REJECT_REQUEUE_FALSE(false, false),
    REJECT_REQUEUE_TRUE(false, true);

    private final boolean noAck;
    private final boolean requeue;

    AckMode(boolean noAck, boolean requeue) {
        this.noAck = noAck;
        this.requeue = requeue;
    }

    /** Whether the basic.get is sent with no-ack. */
    public boolean noAck() {
        return noAck;
    }

    /** Whether the messages end up back in the queue. */
    public boolean requeue() {
        return requeue;
    }

    /** Whether each message is rejected explicitly (the reject_* modes). */
    public boolean rejects() {
        return this == REJECT_REQUEUE_FALSE || this == REJECT_REQUEUE_TRUE;
    }

    /** The wire name, or null when unknown. */
    public static AckMode parse(String s) {
        try {
            return s == null ? null : valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
