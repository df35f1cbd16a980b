package io.warrenmq.store;

/**
 * The paged-out tail of a queue: stored message ids (with a redelivered bit) and body sizes in
 * two primitive rings, 12 bytes per message and no object per message.
 *
 * <p>An id of {@link #IN_MEMORY} stands for an entry that could not be paged out (a transient
 * message arriving behind paged ones); the queue keeps those in its own deque, in order.
 *
 * <p>Thread-safety: none; owned by the queue's thread.
 */
final class PagedIds {
    static final long IN_MEMORY = -1;

    private long[] ids = new long[64];
    private int[] sizes = new int[64];
    private int head;
    private int size;

    void add(long id, int bodySize) {
        if (size == ids.length) {
            grow();
        }
        int i = (head + size) & (ids.length - 1);
        ids[i] = id;
        sizes[i] = bodySize;
        size++;
    }

    long peekId() {
        return ids[head];
    }

    int peekSize() {
        return sizes[head];
    }

    void remove() {
        head = (head + 1) & (ids.length - 1);
        size--;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void clear() {
        head = 0;
        size = 0;
    }

    private void grow() {
        int n = ids.length;
        long[] i2 = new long[n * 2];
        int[] s2 = new int[n * 2];
        for (int k = 0; k < size; k++) {
            i2[k] = ids[(head + k) & (n - 1)];
            s2[k] = sizes[(head + k) & (n - 1)];
        }
        ids = i2;
        sizes = s2;
        head = 0;
    }
}
