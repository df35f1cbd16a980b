package io.warrenmq.exchange;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A hash table from a word to a value that readers can query with a region of a larger string
 * ({@code get(key, start, end)}), so the topic trie walks a routing key without splitting it into substrings.
 *
 * <p>Chained buckets of immutable entries. Insert prepends a new entry to its bucket; remove republishes the
 * bucket with a copied prefix; growth builds a new array and publishes it through a volatile field. Cost of a
 * mutation is O(1) amortized, independent of how many words the table holds.
 *
 * <p>Thread-safety: one writer at a time (the caller's lock), any number of lock-free readers. Readers see each
 * word either present or absent, never a half-built chain: entries are immutable and buckets are written with
 * release and read with acquire semantics.
 */
final class WordTable<V> {

    private static final int INITIAL_CAPACITY = 4;

    private static final class Entry<V> {
        final String word;
        final int hash;
        final V value;
        final Entry<V> next;

        Entry(String word, int hash, V value, Entry<V> next) {
            this.word = word;
            this.hash = hash;
            this.value = value;
            this.next = next;
        }
    }

    // why: null until the first put; most trie nodes are leaves and never need a table
    private volatile AtomicReferenceArray<Entry<V>> table;
    private int size; // writer-only

    /** The value for the word {@code key.substring(start, end)}, without creating that substring. */
    V get(String key, int start, int end) {
        AtomicReferenceArray<Entry<V>> t = table;
        if (t == null) {
            return null;
        }
        int length = end - start;
        int hash = hash(key, start, end);
        for (Entry<V> e = t.getAcquire(hash & (t.length() - 1)); e != null; e = e.next) {
            if (e.hash == hash && e.word.length() == length && e.word.regionMatches(0, key, start, length)) {
                return e.value;
            }
        }
        return null;
    }

    V get(String word) {
        return get(word, 0, word.length());
    }

    /** Adds a word the caller knows is absent. Writer only. */
    void put(String word, V value) {
        AtomicReferenceArray<Entry<V>> t = table;
        if (t == null) {
            t = new AtomicReferenceArray<>(INITIAL_CAPACITY);
            table = t;
        } else if (size + 1 > t.length() - (t.length() >>> 2)) {
            t = grow(t);
            table = t;
        }
        int hash = hash(word, 0, word.length());
        int i = hash & (t.length() - 1);
        t.setRelease(i, new Entry<>(word, hash, value, t.getPlain(i)));
        size++;
    }

    /** Removes a word; returns its value or null. Writer only. */
    V remove(String word) {
        AtomicReferenceArray<Entry<V>> t = table;
        if (t == null) {
            return null;
        }
        int hash = hash(word, 0, word.length());
        int i = hash & (t.length() - 1);
        Entry<V> head = t.getPlain(i);
        Entry<V> found = head;
        while (found != null && !(found.hash == hash && found.word.equals(word))) {
            found = found.next;
        }
        if (found == null) {
            return null;
        }
        // why: entries are immutable, so copy the prefix before the removed entry and share the suffix
        Entry<V> rebuilt = found.next;
        for (Entry<V> e = head; e != found; e = e.next) {
            rebuilt = new Entry<>(e.word, e.hash, e.value, rebuilt);
        }
        t.setRelease(i, rebuilt);
        size--;
        return found.value;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Calls {@code action} for each entry. Writer only (or a quiescent table). */
    void forEach(java.util.function.BiConsumer<String, V> action) {
        AtomicReferenceArray<Entry<V>> t = table;
        if (t == null) {
            return;
        }
        for (int i = 0; i < t.length(); i++) {
            for (Entry<V> e = t.getAcquire(i); e != null; e = e.next) {
                action.accept(e.word, e.value);
            }
        }
    }

    private static <V> AtomicReferenceArray<Entry<V>> grow(AtomicReferenceArray<Entry<V>> old) {
        AtomicReferenceArray<Entry<V>> bigger = new AtomicReferenceArray<>(old.length() * 2);
        int mask = bigger.length() - 1;
        for (int i = 0; i < old.length(); i++) {
            for (Entry<V> e = old.getPlain(i); e != null; e = e.next) {
                int j = e.hash & mask;
                bigger.setPlain(j, new Entry<>(e.word, e.hash, e.value, bigger.getPlain(j)));
            }
        }
        return bigger; // published by the caller's volatile write of 'table'
    }

    /** String.hashCode of the region, spread so that the low bits used for indexing vary. */
    private static int hash(String s, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + s.charAt(i);
        }
        return h ^ (h >>> 16);
    }
}
