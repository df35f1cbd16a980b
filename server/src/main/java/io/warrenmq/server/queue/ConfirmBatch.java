package io.warrenmq.server.queue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The confirms a queue owes after one mailbox pass, grouped by publisher so each publisher gets
 * one task per pass however many of its messages the queue took.
 *
 * <p>Thread-safety: confined to the queue's loop.
 */
final class ConfirmBatch {
    private final List<ConfirmListener> listeners = new ArrayList<>(); // no array until the first confirm: idle queues hold one each
    private final List<long[]> sequences = new ArrayList<>(); // no array until the first confirm: idle queues hold one each
    private final List<int[]> counts = new ArrayList<>(); // no array until the first confirm: idle queues hold one each

    void add(ConfirmListener listener, long sequence) {
        int i = indexOf(listener);
        if (i < 0) {
            listeners.add(listener);
            sequences.add(new long[16]);
            counts.add(new int[1]);
            i = listeners.size() - 1;
        }
        long[] seqs = sequences.get(i);
        int[] n = counts.get(i);
        if (n[0] == seqs.length) {
            seqs = Arrays.copyOf(seqs, seqs.length * 2);
            sequences.set(i, seqs);
        }
        seqs[n[0]++] = sequence;
    }

    private int indexOf(ConfirmListener listener) {
        for (int i = 0; i < listeners.size(); i++) {
            if (listeners.get(i) == listener) {
                return i;
            }
        }
        return -1;
    }

    /** Posts one task per publisher and empties the batch. */
    void send() {
        for (int i = 0; i < listeners.size(); i++) {
            ConfirmListener listener = listeners.get(i);
            long[] seqs = sequences.get(i);
            int n = counts.get(i)[0];
            listener.mailbox().post((Runnable) () -> listener.taken(seqs, n));
        }
        listeners.clear();
        sequences.clear();
        counts.clear();
    }

    boolean isEmpty() {
        return listeners.isEmpty();
    }
}
