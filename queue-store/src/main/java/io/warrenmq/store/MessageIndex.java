package io.warrenmq.store;

/**
 * Message id → where the message is stored and how many queues still hold it: an
 * open-addressing hash map over parallel primitive arrays (linear probing, backward-shift
 * deletion, so no tombstones), because a broker may hold millions of stored messages.
 *
 * <p>Cost: 24 bytes per slot (id, packed {@link SegmentPosition}, record length, queue count);
 * the table stays between 1/8 and 3/4 full, so about 32-48 bytes per live message in steady
 * state (up to 192 just after a large backlog drained, until the next shrink).
 *
 * <p>Ids are positive; 0 marks an empty slot. Thread-safety: none (guarded by {@link StoreIndex}).
 */
final class MessageIndex {
    private static final int MIN_CAPACITY = 1024;

    private long[] ids;
    private long[] positions;
    private int[] lengths;
    private int[] holders;
    private int size;
    private int mask;
    private int shift;

    MessageIndex() {
        allocate(MIN_CAPACITY);
    }

    int size() {
        return size;
    }

    /** The slot of {@code id}, or -1. */
    int find(long id) {
        for (int i = home(id); ; i = (i + 1) & mask) {
            long k = ids[i];
            if (k == id) {
                return i;
            }
            if (k == 0) {
                return -1;
            }
        }
    }

    /** Inserts a message not yet present. */
    void insert(long id, long position, int length, int holderCount) {
        if (id <= 0) {
            throw new IllegalArgumentException("message ids are positive: " + id);
        }
        if (size + 1 > (mask + 1) - ((mask + 1) >>> 2)) {
            rehash((mask + 1) << 1);
        }
        int i = home(id);
        while (ids[i] != 0) {
            i = (i + 1) & mask;
        }
        ids[i] = id;
        positions[i] = position;
        lengths[i] = length;
        holders[i] = holderCount;
        size++;
    }

    long id(int slot) {
        return ids[slot];
    }

    long position(int slot) {
        return positions[slot];
    }

    int length(int slot) {
        return lengths[slot];
    }

    int holders(int slot) {
        return holders[slot];
    }

    void move(int slot, long position, int length) {
        positions[slot] = position;
        lengths[slot] = length;
    }

    /** One queue fewer holds the message; returns how many still do. */
    int release(int slot) {
        return --holders[slot];
    }

    /** Capacity of the table (for iteration with {@link #id(int)}; empty slots have id 0). */
    int capacity() {
        return mask + 1;
    }

    /** Removes the message in {@code slot} (the table may shrink: slots are not stable across this call). */
    void removeAt(int slot) {
        int hole = slot;
        for (int j = (hole + 1) & mask; ids[j] != 0; j = (j + 1) & mask) {
            int h = home(ids[j]);
            // why: backward shift; entry j may move into the hole unless its home lies cyclically in (hole, j]
            boolean stays = hole <= j ? (hole < h && h <= j) : (hole < h || h <= j);
            if (!stays) {
                ids[hole] = ids[j];
                positions[hole] = positions[j];
                lengths[hole] = lengths[j];
                holders[hole] = holders[j];
                hole = j;
            }
        }
        ids[hole] = 0;
        size--;
        if (mask + 1 > MIN_CAPACITY && size < (mask + 1) >>> 3) {
            rehash((mask + 1) >>> 1);
        }
    }

    /** Approximate heap bytes used by the table. */
    long memoryBytes() {
        return (mask + 1L) * 24;
    }

    private int home(long id) {
        return (int) ((id * 0x9E3779B97F4A7C15L) >>> shift);
    }

    private void allocate(int capacity) {
        ids = new long[capacity];
        positions = new long[capacity];
        lengths = new int[capacity];
        holders = new int[capacity];
        mask = capacity - 1;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
    }

    private void rehash(int capacity) {
        long[] oldIds = ids;
        long[] oldPositions = positions;
        int[] oldLengths = lengths;
        int[] oldHolders = holders;
        allocate(capacity);
        for (int s = 0; s < oldIds.length; s++) {
            long id = oldIds[s];
            if (id != 0) {
                int i = home(id);
                while (ids[i] != 0) {
                    i = (i + 1) & mask;
                }
                ids[i] = id;
                positions[i] = oldPositions[s];
                lengths[i] = oldLengths[s];
                holders[i] = oldHolders[s];
            }
        }
    }
}
