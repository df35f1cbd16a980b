package io.warrenmq.store;

import java.util.Arrays;

/**
 * The stored messages of one queue, in id (publish) order: a sorted {@code long[]} window
 * {@code [head, tail)} of ids with two flag bits. Acks mostly hit the head, so a removal there
 * just advances {@code head}; a removal elsewhere leaves a tombstone, swept when tombstones
 * outnumber live entries. A publish that arrives slightly out of id order (two publishers
 * racing between id assignment and hand-over) is inserted from the tail end.
 *
 * <p>Cost: 8 bytes per entry, up to 4x that with growth slack and tombstones.
 *
 * <p>Thread-safety: none (guarded by {@link StoreIndex}).
 */
final class QueueIndex {
    static final long REMOVED = 1L << 63;
    static final long DELIVERED = 1L << 62;
    static final long ID_MASK = DELIVERED - 1;

    private long[] entries = new long[8];
    private int head;
    private int tail;
    private int live;

    int size() {
        return live;
    }

    void add(long id, boolean delivered) {
        if (tail == entries.length) {
            makeRoom();
        }
        long e = id | (delivered ? DELIVERED : 0);
        int i = tail;
        while (i > head && (entries[i - 1] & ID_MASK) > id) {
            entries[i] = entries[i - 1];
            i--;
        }
        entries[i] = e;
        tail++;
        live++;
    }

    boolean contains(long id) {
        int i = find(id);
        return i >= 0 && entries[i] >= 0;
    }

    boolean isDelivered(long id) {
        int i = find(id);
        return i >= 0 && entries[i] >= 0 && (entries[i] & DELIVERED) != 0;
    }

    /** Removes {@code id}; false if the queue did not hold it. */
    boolean remove(long id) {
        int i = find(id);
        if (i < 0 || entries[i] < 0) {
            return false;
        }
        entries[i] |= REMOVED;
        live--;
        while (head < tail && entries[head] < 0) {
            head++;
        }
        if (head == tail) {
            head = 0;
            tail = 0;
        } else if (tail - head - live > Math.max(32, live)) {
            sweep();
        }
        return true;
    }

    /** Marks {@code id} delivered; false if the queue does not hold it or it already was. */
    boolean markDelivered(long id) {
        int i = find(id);
        if (i < 0 || entries[i] < 0 || (entries[i] & DELIVERED) != 0) {
            return false;
        }
        entries[i] |= DELIVERED;
        return true;
    }

    /** The live entries (id plus {@link #DELIVERED} bit), in order. */
    long[] snapshot() {
        long[] out = new long[live];
        int n = 0;
        for (int i = head; i < tail; i++) {
            if (entries[i] >= 0) {
                out[n++] = entries[i];
            }
        }
        return out;
    }

    private int find(long id) {
        int lo = head;
        int hi = tail - 1;
        if (hi < lo || (entries[hi] & ID_MASK) < id) {
            return -1; // why: ids arrive in order, so a publish (replayed at recovery too) looks past the tail
        }
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long v = entries[mid] & ID_MASK;
            if (v < id) {
                lo = mid + 1;
            } else if (v > id) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    private void makeRoom() {
        sweep();
        if (tail == entries.length) {
            entries = Arrays.copyOf(entries, entries.length * 2);
        }
    }

    /** Drops tombstones, moves the window to index 0 and shrinks an oversized array. */
    private void sweep() {
        int n = 0;
        for (int i = head; i < tail; i++) {
            if (entries[i] >= 0) {
                entries[n++] = entries[i];
            }
        }
        head = 0;
        tail = n;
        if (entries.length > 64 && n < entries.length / 4) {
            entries = Arrays.copyOf(entries, Math.max(64, n * 2));
        }
    }
}
