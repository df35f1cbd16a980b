package io.warrenmq.store;

import java.util.ArrayDeque;

/**
 * The paged-out tail of a queue: stored message ids (with a redelivered bit) and body sizes,
 * 12 bytes per message and no object per message.
 *
 * <p>Kept as a FIFO of fixed blocks rather than one ring that doubles (why: doubling a ring of
 * ten million entries needs the old and the new array at once, a 360 MB peak; blocks grow and
 * shrink 48 KB at a time).
 *
 * <p>An id of {@link #IN_MEMORY} stands for an entry that could not be paged out (a transient
 * message arriving behind paged ones); the queue keeps those in its own deque, in order.
 *
 * <p>Thread-safety: none; owned by the queue's thread.
 */
final class PagedIds {
    static final long IN_MEMORY = -1;
    private static final int BLOCK = 4096;

    private static final class Block {
        final long[] ids = new long[BLOCK];
        final int[] sizes = new int[BLOCK];
    }

    private final ArrayDeque<Block> blocks = new ArrayDeque<>(1); // small: most queues never page
    /** Next entry to read in the first block. */
    private int head;
    /** Next free slot in the last block. */
    private int tail = BLOCK;
    private int size;
    /** One emptied block kept back, so a queue hovering at a block boundary does not churn. */
    private Block spare;

    void add(long id, int bodySize) {
        if (tail == BLOCK) {
            Block b = spare != null ? spare : new Block();
            spare = null;
            blocks.addLast(b);
            tail = 0;
        }
        Block last = blocks.peekLast();
        last.ids[tail] = id;
        last.sizes[tail] = bodySize;
        tail++;
        size++;
    }

    long peekId() {
        return blocks.peekFirst().ids[head];
    }

    int peekSize() {
        return blocks.peekFirst().sizes[head];
    }

    void remove() {
        head++;
        size--;
        if (size == 0) {
            clear();
        } else if (head == BLOCK) {
            spare = blocks.pollFirst();
            head = 0;
        }
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void clear() {
        if (!blocks.isEmpty()) {
            spare = blocks.peekFirst();
        }
        blocks.clear();
        head = 0;
        tail = BLOCK;
        size = 0;
    }
}
