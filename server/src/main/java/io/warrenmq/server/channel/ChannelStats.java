package io.warrenmq.server.channel;

/**
 * One channel's message counts since it opened (RabbitMQ's channel message_stats): plain fields,
 * because the channel's loop is their only reader and writer; the management API reads them
 * through a {@link ChannelSnapshot} taken on that loop. Cost: an increment per message, on a
 * field the channel's own cache line already holds.
 *
 * <p>Thread-safety: confined to the channel's event loop.
 */
final class ChannelStats {
    long publish;
    long confirm;
    long returnUnroutable;
    long deliver;
    long deliverNoAck;
    long get;
    long getNoAck;
    long redeliver;
    long ack;

    ChannelSnapshot.Stats snapshot() {
        return new ChannelSnapshot.Stats(publish, confirm, returnUnroutable, deliver, deliverNoAck, get, getNoAck,
                redeliver, ack);
    }
}
