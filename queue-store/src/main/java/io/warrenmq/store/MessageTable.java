package io.warrenmq.store;

import java.util.Arrays;

/**
 * Message id → where the message is stored and how many queues still hold it, sized for
 * backlogs of tens of millions of messages.
 *
 * <p>Ids are handed out in sequence, so a backlog is a dense run of ids: the table keeps
 * fixed chunks of {@value #CHUNK} consecutive ids as parallel primitive arrays indexed by
 * {@code id - chunkStart} (14 bytes per id: packed position, record length, holder count). No
 * hashing, no per-message objects, and no rehash of the whole table as it grows (why: doubling a
 * 10-million-slot hash table needs both copies at once, which is what ran a 1 GB heap out of
 * memory). A chunk whose messages are mostly gone is retired: its few survivors move to a small
 * hash table ({@link MessageIndex}, 32-48 bytes per entry) so that one long-lived message cannot
 * pin a whole chunk. Chunks are only ever created for ids above every chunk created so far, so an
 * id lives in its chunk if that chunk exists, and in the overflow table otherwise.
 *
 * <p>Cost: 14 bytes per id in a live chunk (a chunk is retired below 1/8 live, so at worst
 * 112 bytes per live message in chunks) plus 32-48 bytes per overflow entry.
 *
 * <p>Ids are positive. Thread-safety: none (guarded by {@link StoreIndex}).
 */
final class MessageTable {
    static final int CHUNK_BITS = 14;
    static final int CHUNK = 1 << CHUNK_BITS;
    /** A chunk (other than the newest) with fewer live messages than this is retired. */
    static final int RETIRE_BELOW = CHUNK / 8;

    /** Chunk of ids [number << CHUNK_BITS, (number + 1) << CHUNK_BITS). */
    private static final class Chunk {
        final long[] positions = new long[CHUNK];
        final int[] lengths = new int[CHUNK];
        /** Queues still holding the id; 0 means no such message. At most 65535 (RecordFormat.MAX_QUEUES). */
        final char[] holders = new char[CHUNK];
        int live;
    }

    /** chunks[k] covers chunk number firstChunk + k; null once retired (or never created). */
    private Chunk[] chunks = new Chunk[16];
    private long firstChunk = -1;
    /** The highest chunk number ever created, -1 before the first. */
    private long newestChunk = -1;
    private final MessageIndex overflow = new MessageIndex();
    private int size;

    int size() {
        return size;
    }

    private Chunk chunkOf(long id) {
        long k = (id >>> CHUNK_BITS) - firstChunk;
        return firstChunk < 0 || k < 0 || k >= chunks.length ? null : chunks[(int) k];
    }

    private static int offset(long id) {
        return (int) (id & (CHUNK - 1));
    }

    boolean contains(long id) {
        Chunk c = chunkOf(id);
        return c != null ? c.holders[offset(id)] != 0 : overflow.find(id) >= 0;
    }

    /** The packed {@link SegmentPosition} of a present message. */
    long position(long id) {
        Chunk c = chunkOf(id);
        return c != null ? c.positions[offset(id)] : overflow.position(overflow.find(id));
    }

    /** The framed record length of a present message. */
    int length(long id) {
        Chunk c = chunkOf(id);
        return c != null ? c.lengths[offset(id)] : overflow.length(overflow.find(id));
    }

    /** How many queues hold the message; 0 if absent. */
    int holders(long id) {
        Chunk c = chunkOf(id);
        if (c != null) {
            return c.holders[offset(id)];
        }
        int slot = overflow.find(id);
        return slot < 0 ? 0 : overflow.holders(slot);
    }

    /** Inserts a message not yet present. */
    void insert(long id, long position, int length, int holderCount) {
        if (id <= 0) {
            throw new IllegalArgumentException("message ids are positive: " + id);
        }
        if (holderCount <= 0 || holderCount > Character.MAX_VALUE) {
            throw new IllegalArgumentException("holder count out of range: " + holderCount);
        }
        long number = id >>> CHUNK_BITS;
        if (number > newestChunk) {
            createChunk(number);
        }
        Chunk c = chunkOf(id);
        if (c == null) {
            overflow.insert(id, position, length, holderCount);
        } else {
            int o = offset(id);
            c.positions[o] = position;
            c.lengths[o] = length;
            c.holders[o] = (char) holderCount;
            c.live++;
        }
        size++;
    }

    /** A present message moved (a compaction copy). */
    void move(long id, long position, int length) {
        Chunk c = chunkOf(id);
        if (c != null) {
            c.positions[offset(id)] = position;
            c.lengths[offset(id)] = length;
        } else {
            overflow.move(overflow.find(id), position, length);
        }
    }

    /**
     * One queue fewer holds a present message; returns how many still do. At 0 the message is
     * removed (read its position and length before).
     */
    int release(long id) {
        Chunk c = chunkOf(id);
        if (c == null) {
            int slot = overflow.find(id);
            int left = overflow.release(slot);
            if (left == 0) {
                overflow.removeAt(slot);
                size--;
            }
            return left;
        }
        int o = offset(id);
        int left = --c.holders[o];
        if (left == 0) {
            c.positions[o] = 0;
            c.lengths[o] = 0;
            c.live--;
            size--;
            long number = id >>> CHUNK_BITS;
            if (number != newestChunk && c.live < RETIRE_BELOW) {
                retire(number, c);
            }
        }
        return left;
    }

    /** Calls {@code visitor} for every present message (order unspecified). */
    void forEach(Visitor visitor) {
        for (int k = 0; k < chunks.length; k++) {
            Chunk c = chunks[k];
            if (c == null) {
                continue;
            }
            long start = (firstChunk + k) << CHUNK_BITS;
            for (int o = 0; o < CHUNK; o++) {
                if (c.holders[o] != 0) {
                    visitor.visit(start + o, c.positions[o], c.lengths[o]);
                }
            }
        }
        for (int slot = 0; slot < overflow.capacity(); slot++) {
            long id = overflow.id(slot);
            if (id != 0) {
                visitor.visit(id, overflow.position(slot), overflow.length(slot));
            }
        }
    }

    @FunctionalInterface
    interface Visitor {
        void visit(long id, long position, int length);
    }

    /** Approximate heap bytes used. */
    long memoryBytes() {
        long n = 0;
        for (Chunk c : chunks) {
            if (c != null) {
                n += CHUNK * 14L;
            }
        }
        return n + chunks.length * 8L + overflow.memoryBytes();
    }

    /** Number of chunks in use (tests). */
    int chunkCount() {
        int n = 0;
        for (Chunk c : chunks) {
            if (c != null) {
                n++;
            }
        }
        return n;
    }

    private void createChunk(long number) {
        if (firstChunk < 0) {
            firstChunk = number;
        }
        long k = number - firstChunk;
        if (k >= chunks.length) {
            makeRoom(k);
            k = number - firstChunk;
        }
        chunks[(int) k] = new Chunk();
        newestChunk = number;
    }

    /** Drops retired chunks at the front of the directory and grows it if still needed. */
    private void makeRoom(long needed) {
        int lead = 0;
        while (lead < chunks.length && chunks[lead] == null) {
            lead++;
        }
        if (lead > 0) {
            System.arraycopy(chunks, lead, chunks, 0, chunks.length - lead);
            Arrays.fill(chunks, chunks.length - lead, chunks.length, null);
            firstChunk += lead;
            needed -= lead;
        }
        if (needed >= chunks.length) {
            int capacity = chunks.length;
            while (needed >= capacity) {
                capacity *= 2;
            }
            chunks = Arrays.copyOf(chunks, capacity);
        }
    }

    /** Moves a mostly empty chunk's survivors to the overflow table and frees the chunk. */
    private void retire(long number, Chunk c) {
        long start = number << CHUNK_BITS;
        for (int o = 0; o < CHUNK; o++) {
            if (c.holders[o] != 0) {
                overflow.insert(start + o, c.positions[o], c.lengths[o], c.holders[o]);
            }
        }
        chunks[(int) (number - firstChunk)] = null;
    }
}
