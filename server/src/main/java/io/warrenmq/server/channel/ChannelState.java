package io.warrenmq.server.channel;

/**
 * The life of one AMQP channel.
 *
 * <pre>
 *  (channel.open) --> OPEN --channel.close received--> (close-ok sent) CLOSED
 *                     OPEN --error: channel.close sent--> CLOSING --close-ok--> CLOSED
 * </pre>
 * While CLOSING every frame but channel.close-ok (and a crossing channel.close) is discarded.
 */
public enum ChannelState {
    OPEN,
    CLOSING,
    CLOSED
}
