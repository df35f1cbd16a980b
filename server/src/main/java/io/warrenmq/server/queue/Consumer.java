package io.warrenmq.server.queue;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@code basic.consume} subscription: the link between a queue and a channel.
 *
 * <p>Flow control lives here. A queue dispatches to a consumer only while {@link #canAccept()}:
 * <ul>
 *   <li>fewer than {@code prefetch} deliveries unacknowledged (per-consumer qos, manual-ack
 *       consumers only), and the channel's global credit not exhausted (all consumers; only
 *       manual-ack deliveries use it up);
 *   <li>fewer than {@link #IN_TRANSIT_WINDOW} deliveries posted to the connection but not yet
 *       written (why: bounds the memory of deliveries waiting on another thread even for
 *       auto-ack consumers, which RabbitMQ bounds with its credit flow);
 *   <li>the connection's socket writable and the channel not paused by {@code channel.flow}.
 * </ul>
 * When any of these frees up, the channel nudges the queue so it dispatches again.
 *
 * <p>Thread-safety: counters are atomic (the queue's loop increments, the channel's loop
 * decrements); {@code cancelled} is written on the channel's loop and read by the queue.
 */
public final class Consumer {
    public static final int IN_TRANSIT_WINDOW = 1024;

    private final String tag;
    private final Queue queue;
    private final ConsumerOwner owner;
    private final boolean noAck;
    private final boolean exclusive;
    private final int prefetch;
    private final ChannelCredit channelCredit;
    /** The messages it takes, or null for all (ConsumerFilters). */
    private ConsumerFilter filter;
    /** x-priority from basic.consume's arguments (RabbitMQ's consumer priorities); 0 by default. */
    private int priority;
    private final AtomicInteger unacked = new AtomicInteger();
    private final AtomicInteger inTransit = new AtomicInteger();
    private volatile boolean cancelled;
    /** basic.consume's arguments, kept for the management API. */
    private io.warrenmq.codec.types.FieldTable arguments = io.warrenmq.codec.types.FieldTable.EMPTY;
    /** False while it waits behind a single active consumer; written by the queue's loop. */
    private volatile boolean active = true;
    private volatile boolean singleActiveQueue;

    public Consumer(String tag, Queue queue, ConsumerOwner owner, boolean noAck, boolean exclusive, int prefetch,
            ChannelCredit channelCredit) {
        this.tag = tag;
        this.queue = queue;
        this.owner = owner;
        this.noAck = noAck;
        this.exclusive = exclusive;
        this.prefetch = prefetch;
        this.channelCredit = channelCredit;
    }

    public int priority() {
        return priority;
    }

    /** Set before the consumer is added to its queue. */
    public Consumer withFilter(ConsumerFilter filter) {
        this.filter = filter;
        return this;
    }

    /** Null when it takes every message. */
    public ConsumerFilter filter() {
        return filter;
    }

    /** Set before the consumer is added to its queue. */
    public Consumer withPriority(int priority) {
        this.priority = priority;
        return this;
    }

    /** Set before the consumer is added to its queue. */
    public Consumer withArguments(io.warrenmq.codec.types.FieldTable args) {
        this.arguments = args;
        return this;
    }

    public io.warrenmq.codec.types.FieldTable arguments() {
        return arguments;
    }

    public int prefetch() {
        return prefetch;
    }

    public boolean active() {
        return active;
    }

    /** RabbitMQ's consumer activity_status: up, or single_active/waiting on a single-active-consumer queue. */
    public String activityStatus() {
        return !singleActiveQueue ? "up" : active ? "single_active" : "waiting";
    }

    /** Queue's loop: where this consumer stands on a single-active-consumer queue. */
    void singleActive(boolean isActive) {
        this.singleActiveQueue = true;
        this.active = isActive;
    }

    public String tag() {
        return tag;
    }

    public Queue queue() {
        return queue;
    }

    public ConsumerOwner owner() {
        return owner;
    }

    public boolean noAck() {
        return noAck;
    }

    public boolean exclusive() {
        return exclusive;
    }

    public boolean cancelled() {
        return cancelled;
    }

    /** Channel's loop: no more deliveries are written for this consumer. */
    public void cancel() {
        cancelled = true;
    }

    /** Queue's loop. */
    boolean canAccept() {
        if (cancelled || inTransit.get() >= IN_TRANSIT_WINDOW || !owner.acceptingDeliveries()) {
            return false;
        }
        if (noAck) {
            // RabbitMQ's limiter (can_send with ack_required=false): a full channel-wide window holds
            // no-ack consumers too, though their deliveries never count toward it; the per-consumer
            // prefetch does not apply to them at all
            return channelCredit.available();
        }
        return (prefetch == 0 || unacked.get() < prefetch) && channelCredit.available();
    }

    /** Queue's loop: a delivery is being posted. */
    void dispatched() {
        inTransit.incrementAndGet();
        if (!noAck) {
            unacked.incrementAndGet();
            channelCredit.take();
        }
    }

    /** Channel's loop: a posted delivery reached the channel (written or handed back). */
    public void arrived() {
        if (inTransit.getAndDecrement() >= IN_TRANSIT_WINDOW) {
            queue.nudge();
        }
    }

    /**
     * Channel's loop: n deliveries of this consumer were settled (acked, nacked, rejected,
     * requeued, or never written). Returns true when the channel's global credit was
     * exhausted before, so the channel must nudge all of its consumers' queues.
     */
    public boolean settled(int n) {
        int before = unacked.getAndAdd(-n);
        if (prefetch > 0 && before >= prefetch) {
            queue.nudge();
        }
        return channelCredit.release(n);
    }
}
