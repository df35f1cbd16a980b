package io.warrenmq.testkit.journal;

import io.warrenmq.server.observe.MessageObserver;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What a broker saw happen to messages: what was published to each exchange (and where it was
 * routed, returned or dropped), what each queue received, and what it delivered to whom and how
 * the client settled it. {@code WarrenBroker.journal()} gives a test broker's; it is cleared by
 * {@code reset()}.
 *
 * <p>Bounded: it keeps the last {@link #capacity()} entries of each kind (publishes, queue
 * arrivals, deliveries), so a long test cannot fill the heap with message bodies; {@link #evicted()}
 * counts what was pushed out. Every body is a copy taken when the broker reported it.
 *
 * <p>The lists are snapshots in event order. Events are reported by the broker's event loops as they
 * happen, so a message a client has just published may not be listed yet: wait for it with
 * {@link #awaitPublished} (or {@code awaitMessages}) rather than reading the lists at once.
 *
 * <p>Thread-safety: any thread.
 */
public final class MessageJournal {
    /** The number of entries of each kind kept by default. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private final JournalRecorder recorder;
    private final String defaultVhost;

    /** A journal keeping {@code capacity} entries of each kind; {@code defaultVhost} for the short forms. */
    public MessageJournal(int capacity, String defaultVhost) {
        this.recorder = new JournalRecorder(capacity);
        this.defaultVhost = Objects.requireNonNull(defaultVhost);
    }

    /** What the broker reports to: give it to {@code Broker.observeMessages} before the broker starts. */
    public MessageObserver observer() {
        return recorder;
    }

    public int capacity() {
        return recorder.capacity();
    }

    /** Entries pushed out by the bound since the last {@link #clear()}. */
    public long evicted() {
        return recorder.evicted();
    }

    /** Forgets everything (reset does this). */
    public void clear() {
        recorder.clear();
    }

    /** Every publish, in every vhost and to every exchange, oldest first (dead-lettered messages not included). */
    public List<PublishedMessage> published() {
        return recorder.published();
    }

    /** The messages published to an exchange of the default vhost ({@code ""}: the default exchange). */
    public List<PublishedMessage> published(String exchange) {
        return published(defaultVhost, exchange);
    }

    public List<PublishedMessage> published(String vhost, String exchange) {
        return recorder.published().stream().filter(m -> m.vhost().equals(vhost) && m.exchange().equals(exchange))
                .toList();
    }

    /** Publishes that reached no queue: returned to a mandatory publisher or dropped. */
    public List<PublishedMessage> unroutable() {
        return recorder.published().stream().filter(m -> !m.routed()).toList();
    }

    /** The messages a queue of the default vhost took, in arrival order (dead-lettered ones included). */
    public List<PublishedMessage> received(String queue) {
        return received(defaultVhost, queue);
    }

    public List<PublishedMessage> received(String vhost, String queue) {
        return recorder.arrivals().stream().filter(a -> a.vhost().equals(vhost) && a.queue().equals(queue))
                .map(JournalRecorder.Arrival::message).toList();
    }

    /** Waits until a queue of the default vhost has received {@code count} messages; see the vhost form. */
    public List<PublishedMessage> awaitReceived(String queue, int count, Duration timeout) {
        return awaitReceived(defaultVhost, queue, count, timeout);
    }

    /**
     * The first {@code count} messages a queue received since the journal was cleared, waiting up to
     * {@code timeout} for them. Unlike {@code awaitMessages} it takes nothing from the queue.
     *
     * @throws AssertionError after {@code timeout}, saying what the queue received and which
     *     publishes reached no queue
     */
    public List<PublishedMessage> awaitReceived(String vhost, String queue, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<PublishedMessage> got = recorder.await(() -> recorder.firstArrivals(vhost, queue, count), deadline);
        if (got == null) {
            throw new AssertionError("expected queue '" + queue + "' in vhost '" + vhost + "' to receive " + count
                    + (count == 1 ? " message" : " messages") + " within " + timeout.toMillis() + " ms"
                    + describeQueue(vhost, queue));
        }
        return got;
    }

    /** The deliveries from a queue of the default vhost, to consumers and by {@code basic.get}, oldest first. */
    public List<DeliveredMessage> delivered(String queue) {
        return delivered(defaultVhost, queue);
    }

    public List<DeliveredMessage> delivered(String vhost, String queue) {
        return recorder.deliveries().stream().filter(d -> d.vhost().equals(vhost) && d.queue().equals(queue))
                .toList();
    }

    /** Waits for a publish to an exchange of the default vhost with this routing key; see the predicate form. */
    public PublishedMessage awaitPublished(String exchange, String routingKey, Duration timeout) {
        return await(defaultVhost, exchange, m -> m.routingKey().equals(routingKey), routingKey,
                "with routing key '" + routingKey + "'", timeout);
    }

    /** Waits for a publish to an exchange of the default vhost that {@code matches}; see the vhost form. */
    public PublishedMessage awaitPublished(String exchange, Predicate<? super PublishedMessage> matches,
            Duration timeout) {
        return awaitPublished(defaultVhost, exchange, matches, timeout);
    }

    /**
     * The first message published to {@code exchange} since the journal was cleared that
     * {@code matches}, waiting up to {@code timeout} for one (already published ones count). The
     * predicate runs under the journal's lock, which the broker's event loops also take: keep it quick.
     *
     * @throws AssertionError after {@code timeout}, listing what was published instead: to this
     *     exchange, to others, and what was returned or dropped as unroutable
     */
    public PublishedMessage awaitPublished(String vhost, String exchange, Predicate<? super PublishedMessage> matches,
            Duration timeout) {
        return await(vhost, exchange, matches, null, "matching the predicate", timeout);
    }

    private PublishedMessage await(String vhost, String exchange, Predicate<? super PublishedMessage> matches,
            String routingKey, String wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        PublishedMessage found = recorder.await(() -> recorder.firstPublished(
                m -> m.vhost().equals(vhost) && m.exchange().equals(exchange) && matches.test(m)), deadline);
        if (found == null) {
            throw new AssertionError(NearMisses.forPublish(recorder.published(), vhost, exchange, routingKey, wanted,
                    timeout, recorder.evicted()));
        }
        return found;
    }

    /**
     * Why no message published to {@code exchange} {@code wanted} (in words, e.g. "with routing key
     * 'k'") is in the journal: what was published there, the same routing key elsewhere, and what
     * was returned or dropped, as {@link #awaitPublished} says when it gives up.
     *
     * @param routingKey the routing key looked for, to list it on other exchanges; null for none
     */
    public String describeMissingPublish(String vhost, String exchange, String routingKey, String wanted) {
        return NearMisses.forPublish(recorder.published(), vhost, exchange, routingKey, wanted, null,
                recorder.evicted());
    }

    /** The default vhost's name, for the forms without one. */
    public String defaultVhost() {
        return defaultVhost;
    }

    /**
     * What the journal knows of a queue, as a clause to append to a failure message: what it
     * received, what it delivered to consumers, and publishes that reached no queue.
     */
    public String describeQueue(String vhost, String queue) {
        return NearMisses.forQueue(received(vhost, queue), delivered(vhost, queue), recorder.published(), queue,
                recorder.evicted());
    }
}
