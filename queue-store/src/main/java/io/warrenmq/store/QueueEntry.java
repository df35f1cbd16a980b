package io.warrenmq.store;

/**
 * A message's place in one queue: its sequence number there, and whether it was delivered
 * before. One entry per queue the message was routed to; the entry owns one reference of the
 * message.
 *
 * <p>Thread-safety: none; owned by one thread at a time (the queue's, or the consuming
 * channel's while unacknowledged), handed over through the mailboxes.
 */
public final class QueueEntry {
    private final Message message;
    private long sequence;
    private boolean redelivered;
    /** The id of the message in the durable store, or -1 when it is not stored. */
    private long storeId = -1;

    public QueueEntry(Message message) {
        this.message = message;
    }

    public Message message() {
        return message;
    }

    /** Position in the queue, assigned on enqueue; a requeued entry goes back to this position. */
    public long sequence() {
        return sequence;
    }

    void sequence(long sequence) {
        this.sequence = sequence;
    }

    /** How many times this entry was handed to a consumer (for x-delivery-limit). */
    private int deliveries;

    public int deliveries() {
        return deliveries;
    }

    public void delivered() {
        deliveries++;
    }

    /** Priority level in a priority queue (x-max-priority), capped at the queue's maximum; 0 otherwise. */
    private int priority;

    public int priority() {
        return priority;
    }

    public void priority(int priority) {
        this.priority = priority;
    }

    /** When the entry expires (epoch millis, from x-message-ttl or the expiration property); 0: never. */
    private long expiresAt;

    public long expiresAt() {
        return expiresAt;
    }

    public void expiresAt(long epochMillis) {
        this.expiresAt = epochMillis;
    }

    /** The message's id in the durable store, or -1 when this entry is not persisted. */
    public long storeId() {
        return storeId;
    }

    public void storeId(long id) {
        this.storeId = id;
    }

    /**
     * Whom the entry is being handed to, while it crosses from its queue's thread to a consumer's (the
     * server's consumer; opaque here). Set before the hand-over, read after it; meaningless otherwise.
     * why: the entry itself can then be the hand-over message, with no wrapper object per delivery.
     */
    private Object recipient;

    public Object recipient() {
        return recipient;
    }

    public void recipient(Object recipient) {
        this.recipient = recipient;
    }

    public boolean redelivered() {
        return redelivered;
    }

    public void markRedelivered() {
        this.redelivered = true;
    }

    /** Gives up this entry's reference on the message. */
    public void release() {
        message.release();
    }
}
