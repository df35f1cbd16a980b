package io.warrenmq.server.queue;

import java.util.ArrayList;
import java.util.List;

/**
 * A queue's consumers and the choice of who gets the next message: round-robin among those that
 * can take one. With consumer priorities (any consumer ever had a non-zero {@code x-priority})
 * the list is kept sorted, highest first, and only the highest-priority consumers that can take a
 * message are used (lower ones get messages only while the higher ones are blocked); with
 * single active consumer only the first consumer is used.
 *
 * <p>Thread-safety: none; owned by the queue's loop.
 */
final class ConsumerRing {
    private final List<Consumer> consumers = new ArrayList<>();
    private final boolean singleActive;
    private int cursor;
    private boolean prioritized;
    /** How many consumers have a filter: while none, dispatch is the plain head-to-next-consumer loop. */
    private int filtered;

    ConsumerRing(boolean singleActive) {
        this.singleActive = singleActive;
    }

    void add(Consumer consumer) {
        if (consumer.filter() != null) {
            filtered++;
        }
        if (consumer.priority() == 0 && !prioritized) {
            consumers.add(consumer);
        } else {
            prioritized = true;
            int at = 0;
            while (at < consumers.size() && consumers.get(at).priority() >= consumer.priority()) {
                at++;
            }
            consumers.add(at, consumer);
        }
        markActive();
    }

    boolean remove(Consumer consumer) {
        boolean removed = consumers.remove(consumer);
        if (removed && consumer.filter() != null) {
            filtered--;
        }
        markActive();
        return removed;
    }

    /** With single active consumer, the first is the active one, the rest wait (shown by the management API). */
    private void markActive() {
        if (singleActive) {
            for (int i = 0; i < consumers.size(); i++) {
                consumers.get(i).singleActive(i == 0);
            }
        }
    }

    boolean isEmpty() {
        return consumers.isEmpty();
    }

    int size() {
        return consumers.size();
    }

    /** Whether the queue is held by an exclusive consumer (basic.consume exclusive). */
    boolean exclusivelyHeld() {
        return !consumers.isEmpty() && consumers.get(0).exclusive();
    }

    /** Empties the ring, handing each consumer to {@code sink}. */
    void clear(java.util.function.Consumer<Consumer> sink) {
        consumers.forEach(sink);
        consumers.clear();
        filtered = 0;
    }

    boolean hasFilters() {
        return filtered > 0;
    }

    /** The next consumer that can take a message, or null when none can. */
    Consumer next() {
        return next(null);
    }

    /** The next consumer that can take a message and that {@code also} accepts (null: any), or null. */
    Consumer next(java.util.function.Predicate<Consumer> also) {
        int n = singleActive ? Math.min(1, consumers.size()) : consumers.size();
        return prioritized ? nextPrioritized(n, also) : nextRoundRobin(n, also);
    }

    /** The consumers with a filter that can take a message now, in ring order from the cursor. */
    List<Consumer> filteredAccepting() {
        int n = singleActive ? Math.min(1, consumers.size()) : consumers.size();
        List<Consumer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Consumer c = consumers.get((cursor + i) % n);
            if (c.filter() != null && c.canAccept()) {
                out.add(c);
            }
        }
        return out;
    }

    private Consumer nextRoundRobin(int n, java.util.function.Predicate<Consumer> also) {
        for (int i = 0; i < n; i++) {
            Consumer candidate = consumers.get((cursor + i) % n);
            if (candidate.canAccept() && (also == null || also.test(candidate))) {
                cursor = (cursor + i + 1) % n;
                return candidate;
            }
        }
        return null;
    }

    /** Round-robin within the highest priority that has a consumer able to take a message. */
    private Consumer nextPrioritized(int n, java.util.function.Predicate<Consumer> also) {
        int i = 0;
        while (i < n) {
            int p = consumers.get(i).priority();
            int j = i;
            while (j < n && consumers.get(j).priority() == p) {
                j++;
            }
            int size = j - i;
            for (int k = 0; k < size; k++) {
                Consumer candidate = consumers.get(i + (cursor + k) % size);
                if (candidate.canAccept() && (also == null || also.test(candidate))) {
                    cursor++;
                    return candidate;
                }
            }
            i = j;
        }
        return null;
    }
}
