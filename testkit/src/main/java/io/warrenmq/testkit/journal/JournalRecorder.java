package io.warrenmq.testkit.journal;

import com.rabbitmq.client.AMQP;
import io.netty.buffer.ByteBuf;
import io.warrenmq.server.observe.MessageObserver;
import io.warrenmq.store.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The journal's storage: the broker's {@link MessageObserver}, keeping the last {@code capacity}
 * publishes, queue arrivals and deliveries (each kind bounded on its own; the oldest go first).
 *
 * <p>Copies every body and property block during the call (the broker's buffers are
 * reference-counted); a message's later events find its copy through a weak identity map keyed by
 * the broker's {@link Message}, so the journal never keeps a broker message alive.
 *
 * <p>Thread-safety: the observer methods run on the broker's event loops, the queries on test
 * threads; everything is guarded by this object's monitor, and each change notifies waiters.
 */
final class JournalRecorder implements MessageObserver {
    /** A message's arrival in a queue. */
    record Arrival(String vhost, String queue, PublishedMessage message) {
    }

    /** A delivery, settled later (under the monitor). */
    static final class Delivery {
        final String vhost;
        final String queue;
        final PublishedMessage message;
        final String consumerTag;
        final long deliveryTag;
        final boolean redelivered;
        final boolean autoAck;
        Settlement settlement;

        Delivery(String vhost, String queue, PublishedMessage message, String consumerTag, long deliveryTag,
                boolean redelivered, boolean autoAck) {
            this.vhost = vhost;
            this.queue = queue;
            this.message = message;
            this.consumerTag = consumerTag;
            this.deliveryTag = deliveryTag;
            this.redelivered = redelivered;
            this.autoAck = autoAck;
        }

        DeliveredMessage snapshot() {
            return new DeliveredMessage(vhost, queue, message, consumerTag, deliveryTag, redelivered, autoAck,
                    settlement);
        }
    }

    private final int capacity;
    private final ArrayDeque<PublishedMessage> published = new ArrayDeque<>();
    private final ArrayDeque<Arrival> arrivals = new ArrayDeque<>();
    private final ArrayDeque<Delivery> deliveries = new ArrayDeque<>();
    /** Broker message → its copy; weak keys (Message keeps Object's identity equals). */
    private final Map<Message, PublishedMessage> byMessage = new WeakHashMap<>();
    private long sequence;
    private long evicted;

    JournalRecorder(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the journal's capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    int capacity() {
        return capacity;
    }

    @Override
    public synchronized void published(String vhost, String exchange, String routingKey, boolean mandatory,
            ByteBuf properties, ByteBuf body, List<String> queues, Routing routing, Message message) {
        AMQP.BasicProperties props = MessageCopy.properties(properties);
        PublishedMessage m = new PublishedMessage(++sequence, vhost, exchange, routingKey, mandatory, props,
                MessageCopy.headers(props), MessageCopy.bytes(body), List.copyOf(queues), routing, false);
        add(published, m);
        if (message != null) {
            byMessage.put(message, m);
        }
        notifyAll();
    }

    @Override
    public synchronized void enqueued(String vhost, String queue, Message message) {
        add(arrivals, new Arrival(vhost, queue, copyOf(vhost, message, true)));
        notifyAll();
    }

    @Override
    public synchronized void delivered(String vhost, String queue, Message message, String consumerTag,
            long deliveryTag, boolean redelivered, boolean autoAck) {
        add(deliveries, new Delivery(vhost, queue, copyOf(vhost, message, false), consumerTag, deliveryTag, redelivered,
                autoAck));
        notifyAll();
    }

    @Override
    public synchronized void settled(String vhost, String queue, Message message, long deliveryTag,
            Settlement settlement) {
        PublishedMessage m = byMessage.get(message);
        // the newest unsettled delivery of this message with this tag (a requeued message is delivered again)
        for (Iterator<Delivery> it = deliveries.descendingIterator(); it.hasNext(); ) {
            Delivery d = it.next();
            if (d.message == m && d.deliveryTag == deliveryTag && d.settlement == null && !d.autoAck
                    && d.queue.equals(queue) && d.vhost.equals(vhost)) {
                d.settlement = settlement;
                break;
            }
        }
        notifyAll();
    }

    /**
     * The copy of a message seen before, or a new one: an unknown message arriving in a queue was
     * dead-lettered (no publish came first); one delivered unseen was published before the last clear.
     */
    private PublishedMessage copyOf(String vhost, Message message, boolean arriving) {
        PublishedMessage m = byMessage.get(message);
        if (m == null) {
            AMQP.BasicProperties props = MessageCopy.properties(message.properties());
            m = new PublishedMessage(++sequence, vhost, message.exchange(), message.routingKey(), false, props,
                    MessageCopy.headers(props), MessageCopy.bytes(message.body()), List.of(), Routing.ROUTED, arriving);
            byMessage.put(message, m);
        }
        return m;
    }

    private <T> void add(ArrayDeque<T> log, T entry) {
        if (log.size() == capacity) {
            log.removeFirst();
            evicted++;
        }
        log.addLast(entry);
    }

    /** The first publish {@code matches} accepts, or null; walks the log in place (waits probe after every event). */
    synchronized PublishedMessage firstPublished(java.util.function.Predicate<PublishedMessage> matches) {
        for (PublishedMessage m : published) {
            if (matches.test(m)) {
                return m;
            }
        }
        return null;
    }

    /** The first {@code count} arrivals in a queue, or null while there are fewer; walks the log in place. */
    synchronized List<PublishedMessage> firstArrivals(String vhost, String queue, int count) {
        List<PublishedMessage> out = new ArrayList<>(count);
        for (Arrival a : arrivals) {
            if (out.size() == count) {
                break;
            }
            if (a.queue().equals(queue) && a.vhost().equals(vhost)) {
                out.add(a.message());
            }
        }
        return out.size() == count ? List.copyOf(out) : null;
    }

    synchronized List<PublishedMessage> published() {
        return List.copyOf(published);
    }

    synchronized List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    synchronized List<DeliveredMessage> deliveries() {
        List<DeliveredMessage> out = new ArrayList<>(deliveries.size());
        for (Delivery d : deliveries) {
            out.add(d.snapshot());
        }
        return out;
    }

    /** Entries the bound pushed out since the last clear. */
    synchronized long evicted() {
        return evicted;
    }

    synchronized void clear() {
        published.clear();
        arrivals.clear();
        deliveries.clear();
        byMessage.clear();
        sequence = 0;
        evicted = 0;
        notifyAll();
    }

    /**
     * Asks {@code probe} under the monitor after every event until it answers non-null or
     * {@code deadlineNanos} passes (then null): checked and waited for under one monitor, so no
     * event slips between the look and the wait.
     */
    synchronized <T> T await(java.util.function.Supplier<T> probe, long deadlineNanos) {
        while (true) {
            T found = probe.get();
            if (found != null) {
                return found;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the journal", e);
            }
        }
    }
}
