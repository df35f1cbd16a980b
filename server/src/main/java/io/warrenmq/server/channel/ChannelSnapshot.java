package io.warrenmq.server.channel;

import io.warrenmq.codec.types.FieldTable;
import java.util.List;

/**
 * One channel's state at an instant, taken on its connection's loop (RabbitMQ's rabbit_channel
 * infos), for the management API.
 *
 * @param state running, flow (paused by channel.flow) or closing
 * @param prefetchCount basic.qos global=false: the prefetch new consumers get
 * @param globalPrefetchCount basic.qos global=true: the channel-wide limit
 * @param messagesUncommitted publishes waiting for tx.commit
 * @param acksUncommitted settlements waiting for tx.commit
 */
public record ChannelSnapshot(int number, String state, boolean confirm, boolean transactional,
        int prefetchCount, int globalPrefetchCount, int messagesUnacknowledged, long messagesUnconfirmed,
        int messagesUncommitted, int acksUncommitted, Stats stats, List<ConsumerSnapshot> consumers) {

    /** See {@link ChannelStats}. */
    public record Stats(long publish, long confirm, long returnUnroutable, long deliver, long deliverNoAck,
            long get, long getNoAck, long redeliver, long ack, Rates rates) {
        Stats withRates(Rates r) {
            return new Stats(publish, confirm, returnUnroutable, deliver, deliverNoAck, get, getNoAck, redeliver, ack,
                    r);
        }
    }

    /** The same counts' per-second rates over the channel's last rate window. */
    public record Rates(double publish, double confirm, double returnUnroutable, double deliver,
            double deliverNoAck, double get, double getNoAck, double redeliver, double ack) {
        static final Rates ZERO = new Rates(0, 0, 0, 0, 0, 0, 0, 0, 0);

        static Rates between(Stats a, Stats b, long millis) {
            double s = millis / 1000.0;
            return new Rates((b.publish() - a.publish()) / s, (b.confirm() - a.confirm()) / s,
                    (b.returnUnroutable() - a.returnUnroutable()) / s, (b.deliver() - a.deliver()) / s,
                    (b.deliverNoAck() - a.deliverNoAck()) / s, (b.get() - a.get()) / s,
                    (b.getNoAck() - a.getNoAck()) / s, (b.redeliver() - a.redeliver()) / s, (b.ack() - a.ack()) / s);
        }
    }

    /**
     * One consumer of the channel.
     *
     * @param activityStatus up, single_active or waiting (single active consumer queues)
     */
    public record ConsumerSnapshot(String tag, String queueVhost, String queueName, boolean ackRequired,
            boolean exclusive, int prefetchCount, FieldTable arguments, boolean active, String activityStatus) {
    }
}
