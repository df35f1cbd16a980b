package io.warrenmq.management.backend;

import java.util.List;
import java.util.Map;

/**
 * One open channel as the API sees it (rabbit_channel's infos), snapshot on its connection's loop.
 *
 * @param connection the connection it belongs to
 * @param state running, flow (channel.flow paused it) or closing
 * @param prefetchCount the per-consumer prefetch (basic.qos global=false) new consumers get
 * @param globalPrefetchCount the channel-wide prefetch (basic.qos global=true)
 * @param stats the channel's own message counts
 */
public record ChannelView(ConnectionView connection, int number, String state, boolean confirm,
        boolean transactional, int prefetchCount, int globalPrefetchCount, int messagesUnacknowledged,
        int messagesUnconfirmed, int messagesUncommitted, int acksUncommitted, Stats stats,
        List<ConsumerView> consumers) {

    /** RabbitMQ's channel name: {@code "<connection name> (N)"}. */
    public String name() {
        return connection.name() + " (" + number + ")";
    }

    /** Messages the channel handled since it opened (message_stats), counted on its loop. */
    public record Stats(long publish, long confirm, long returnUnroutable, long deliver, long deliverNoAck,
            long get, long getNoAck, long redeliver, long ack, Rates rates) {
    }

    /** Per-second rates of the same counts over the channel's last window (0.0 before one has passed). */
    public record Rates(double publish, double confirm, double returnUnroutable, double deliver,
            double deliverNoAck, double get, double getNoAck, double redeliver, double ack) {
    }

    /**
     * One consumer of this channel (rabbit_amqqueue's consumer infos).
     *
     * @param activityStatus up, single_active or waiting
     * @param arguments basic.consume's arguments, as JSON values
     */
    public record ConsumerView(String tag, String queueVhost, String queueName, boolean ackRequired,
            boolean exclusive, int prefetchCount, Map<String, Object> arguments, boolean active,
            String activityStatus, long consumerTimeout) {
    }
}
