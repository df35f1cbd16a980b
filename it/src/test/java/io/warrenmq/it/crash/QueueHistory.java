package io.warrenmq.it.crash;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the clients did to one durable queue over all cycles: which messages were routed to it and
 * not yet acked, which were delivered to a client, and every ack in the order the one acking channel
 * sent it.
 *
 * <p>Acks are numbered per queue ({@code position}). A message acked again after it came back keeps
 * only its latest position. Acks are recorded <em>before</em> {@code basic.ack} is written, so an ack
 * that never reached the broker (its connection died) is simply the newest one: it may be lost, like
 * any ack of the last unflushed moment.
 *
 * <p>Thread-safety: all methods are synchronized; publishers, the consumer and the checker share it.
 */
public final class QueueHistory {
    private final String queue;
    private final Set<MessageId> unacked = new HashSet<>();
    private final Set<MessageId> delivered = new HashSet<>();
    private final Set<MessageId> missing = new HashSet<>();
    private final Map<MessageId, Long> ackPositions = new HashMap<>();
    private final NavigableMap<Long, MessageId> acksInOrder = new TreeMap<>();
    private long nextPosition = 1;

    QueueHistory(String queue) {
        this.queue = queue;
    }

    public String queue() {
        return queue;
    }

    /** The message was (about to be) published with a route to this queue. */
    public synchronized void routed(MessageId id) {
        unacked.add(id);
    }

    /** A client received the message from this queue. */
    public synchronized void delivered(MessageId id) {
        delivered.add(id);
    }

    /** The client is about to ack the message on this queue; returns the ack's position. */
    public synchronized long acked(MessageId id) {
        long position = nextPosition++;
        Long previous = ackPositions.put(id, position);
        if (previous != null) {
            acksInOrder.remove(previous);
        }
        acksInOrder.put(position, id);
        unacked.remove(id);
        return position;
    }

    /** Messages routed here that no client has acked (yet): a confirmed one among them must survive. */
    public synchronized List<MessageId> unacked() {
        return new ArrayList<>(unacked);
    }

    /**
     * After a drain: every message still unacked was not in the queue (the drain acked all it got),
     * so it is gone for good; none of them may ever show up again.
     */
    public synchronized void settleMissing() {
        missing.addAll(unacked);
        unacked.clear();
    }

    /** Whether the message was missing from an earlier drain of this queue. */
    public synchronized boolean wasMissing(MessageId id) {
        return missing.contains(id);
    }

    public synchronized boolean wasDelivered(MessageId id) {
        return delivered.contains(id);
    }

    /** The position of the message's latest ack on this queue, or null if it was never acked. */
    public synchronized Long ackPosition(MessageId id) {
        return ackPositions.get(id);
    }

    /** Messages whose latest ack on this queue is at {@code position} or later, in ack order. */
    public synchronized NavigableMap<Long, MessageId> acksFrom(long position) {
        return new TreeMap<>(acksInOrder.tailMap(position, true));
    }

    public synchronized long ackCount() {
        return nextPosition - 1;
    }
}
