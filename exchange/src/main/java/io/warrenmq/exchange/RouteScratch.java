package io.warrenmq.exchange;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Per-thread reusable working memory for one topic route, so routing does not allocate: the binding sets found
 * so far, a visited set of (trie node, word position) states, and a destination dedup set.
 *
 * <p>Thread-safety: confined to one thread via {@link #acquire()}. A route that re-enters routing from its sink
 * (exchange-to-exchange bindings) finds its thread's scratch in use and gets a fresh one; that rare path
 * allocates.
 */
final class RouteScratch {

    private static final ThreadLocal<RouteScratch> PER_THREAD = ThreadLocal.withInitial(RouteScratch::new);
    // why: don't let one huge route pin large arrays to an event-loop thread forever
    private static final int RETAINED_CAPACITY = 1024;
    private static final int INITIAL_CAPACITY = 16;

    private boolean inUse;

    private BindingSet<?>[] found = new BindingSet<?>[INITIAL_CAPACITY];
    private int foundCount;

    // open addressing; 0 = empty slot; keys are (nodeId << 32 | position) with nodeId >= 1
    private long[] visited = new long[INITIAL_CAPACITY];
    private int visitedCount;

    private Object[] seen = new Object[INITIAL_CAPACITY]; // open addressing by hashCode; null = empty
    private int seenCount;

    /** The calling thread's scratch, marked in use; pair with {@link #release()}. */
    static RouteScratch acquire() {
        RouteScratch scratch = PER_THREAD.get();
        if (scratch.inUse) {
            scratch = new RouteScratch();
        }
        scratch.inUse = true;
        return scratch;
    }

    /** Clears the scratch (dropping references to destinations) and returns it to its thread. */
    void release() {
        Arrays.fill(found, 0, foundCount, null);
        foundCount = 0;
        if (found.length > RETAINED_CAPACITY) {
            found = new BindingSet<?>[INITIAL_CAPACITY];
        }
        if (visitedCount > 0) {
            if (visited.length > RETAINED_CAPACITY) {
                visited = new long[INITIAL_CAPACITY];
            } else {
                Arrays.fill(visited, 0L);
            }
            visitedCount = 0;
        }
        if (seenCount > 0) {
            if (seen.length > RETAINED_CAPACITY) {
                seen = new Object[INITIAL_CAPACITY];
            } else {
                Arrays.fill(seen, null);
            }
            seenCount = 0;
        }
        inUse = false;
    }

    /** Records a binding set whose destinations match. */
    void found(BindingSet<?> set) {
        if (foundCount == found.length) {
            found = Arrays.copyOf(found, foundCount * 2);
        }
        found[foundCount++] = set;
    }

    /** Marks the state visited; false if it already was. */
    boolean visit(int nodeId, int position) {
        if (visitedCount * 2 >= visited.length) {
            rehashVisited();
        }
        if (!insert(visited, ((long) nodeId << 32) | (position & 0xffffffffL))) {
            return false;
        }
        visitedCount++;
        return true;
    }

    /** Emits each distinct destination of the found sets once. */
    @SuppressWarnings("unchecked") // found sets all belong to one router of D
    <D> void emit(Consumer<? super D> sink) {
        if (foundCount == 1) {
            // why: the common case is one matching trie node, whose set is already distinct
            ((BindingSet<D>) found[0]).forEachDestination(sink);
            return;
        }
        for (int i = 0; i < foundCount; i++) {
            BindingSet<D> set = (BindingSet<D>) found[i];
            for (int j = 0, n = set.destinationCount(); j < n; j++) {
                D destination = set.destination(j);
                if (firstSighting(destination)) {
                    sink.accept(destination);
                }
            }
        }
    }

    private boolean firstSighting(Object destination) {
        if (seenCount * 2 >= seen.length) {
            Object[] old = seen;
            seen = new Object[old.length * 2];
            for (Object o : old) {
                if (o != null) {
                    insertSeen(o);
                }
            }
        }
        if (!insertSeen(destination)) {
            return false;
        }
        seenCount++;
        return true;
    }

    private boolean insertSeen(Object o) {
        int mask = seen.length - 1;
        int h = o.hashCode();
        for (int i = (h ^ (h >>> 16)) & mask; ; i = (i + 1) & mask) {
            Object existing = seen[i];
            if (existing == null) {
                seen[i] = o;
                return true;
            }
            if (existing.equals(o)) {
                return false;
            }
        }
    }

    private void rehashVisited() {
        long[] old = visited;
        visited = new long[old.length * 2];
        for (long key : old) {
            if (key != 0) {
                insert(visited, key);
            }
        }
    }

    private static boolean insert(long[] table, long key) {
        int mask = table.length - 1;
        long h = key * 0x9E3779B97F4A7C15L;
        for (int i = (int) (h >>> 32) & mask; ; i = (i + 1) & mask) {
            long existing = table[i];
            if (existing == 0) {
                table[i] = key;
                return true;
            }
            if (existing == key) {
                return false;
            }
        }
    }
}
