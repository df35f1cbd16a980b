package io.warrenmq.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The in-memory state the log describes: which stored message is where and how many queues
 * hold it ({@link MessageTable}), each queue's messages in order ({@link QueueIndex}), and how
 * much of each segment is still live. Recovery rebuilds it by replaying records through the
 * same {@code apply} methods the journal uses at run time, so both always agree.
 *
 * <p>Replay rules: a PUBLISH adds the message to the queues it lists; a PUBLISH for an id
 * already present is a compaction copy and only moves the message (and sets the redelivered
 * flags it carries); REMOVE/DELIVERED/PURGE/DELETE_QUEUE for unknown messages or queues are
 * no-ops. A message with no holder left is dropped from the index and its segment's live count.
 *
 * <p>Memory per live message: 14 bytes in a {@link MessageTable} chunk plus 8 bytes per queue
 * entry (with growth slack): about 22-30 bytes for a message in one queue of a backlog.
 *
 * <p>Thread-safety: every method is {@code synchronized}; the journal thread mutates, readers
 * ({@link DurableStore#read}, {@link DurableStore#recoveredMessages}) look up.
 */
final class StoreIndex {
    private final MessageTable messages = new MessageTable();
    private final Map<String, Map<String, QueueIndex>> queues = new HashMap<>();
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private long liveBytes;

    synchronized void addSegment(Segment segment) {
        segments.put(segment.sequence, segment);
    }

    synchronized void removeSegment(Segment segment) {
        segments.remove(segment.sequence, segment);
    }

    synchronized Segment segment(long sequence) {
        return segments.get(sequence);
    }

    synchronized Segment oldestSegment() {
        Map.Entry<Long, Segment> e = segments.firstEntry();
        return e == null ? null : e.getValue();
    }

    synchronized List<Segment> segments() {
        return new ArrayList<>(segments.values());
    }

    synchronized int segmentCount() {
        return segments.size();
    }

    /** Framed bytes of all live messages. */
    synchronized long liveBytes() {
        return liveBytes;
    }

    synchronized int messageCount() {
        return messages.size();
    }

    /**
     * Applies a PUBLISH record at {@code position} (packed). {@code flags} (per queue, may be
     * null) carry {@link RecordFormat#FLAG_REDELIVERED}.
     */
    synchronized void publish(long id, String vhost, String[] queueNames, byte[] flags, long position, int length) {
        if (messages.contains(id)) {
            // a compaction copy: the message moves, its holders stay as replayed so far
            account(messages.position(id), messages.length(id), -1);
            messages.move(id, position, length);
            account(position, length, +1);
            for (int i = 0; i < queueNames.length; i++) {
                if (flags != null && (flags[i] & RecordFormat.FLAG_REDELIVERED) != 0) {
                    QueueIndex q = queue(vhost, queueNames[i], false);
                    if (q != null) {
                        q.markDelivered(id);
                    }
                }
            }
            return;
        }
        int holders = 0;
        for (int i = 0; i < queueNames.length; i++) {
            QueueIndex q = queue(vhost, queueNames[i], true);
            if (!q.contains(id)) {
                q.add(id, flags != null && (flags[i] & RecordFormat.FLAG_REDELIVERED) != 0);
                holders++;
            }
        }
        if (holders > 0) {
            messages.insert(id, position, length, holders);
            account(position, length, +1);
        }
    }

    /** Applies a REMOVE; false if the queue did not hold the message (nothing to write). */
    synchronized boolean remove(String vhost, String queue, long id) {
        QueueIndex q = queue(vhost, queue, false);
        if (q == null || !q.remove(id)) {
            return false;
        }
        release(id);
        return true;
    }

    /** Applies a DELIVERED; false if the queue does not hold the message or it is already marked. */
    synchronized boolean delivered(String vhost, String queue, long id) {
        QueueIndex q = queue(vhost, queue, false);
        return q != null && q.markDelivered(id);
    }

    /** Applies a PURGE; false if the queue held nothing. */
    synchronized boolean purge(String vhost, String queue) {
        QueueIndex q = queue(vhost, queue, false);
        if (q == null || q.size() == 0) {
            return false;
        }
        for (long e : q.snapshot()) {
            long id = e & QueueIndex.ID_MASK;
            q.remove(id);
            release(id);
        }
        return true;
    }

    /** Applies a DELETE_QUEUE; false if the queue was unknown. */
    synchronized boolean deleteQueue(String vhost, String queue) {
        QueueIndex q = queue(vhost, queue, false);
        if (q == null) {
            return false;
        }
        purge(vhost, queue);
        Map<String, QueueIndex> byName = queues.get(vhost);
        byName.remove(queue);
        if (byName.isEmpty()) {
            queues.remove(vhost);
        }
        return true;
    }

    /** Where message {@code id} is stored, or null if no queue holds it. */
    synchronized SegmentPosition locate(long id) {
        if (!messages.contains(id)) {
            return null;
        }
        long p = messages.position(id);
        return new SegmentPosition(SegmentPosition.segmentOf(p), SegmentPosition.offsetOf(p), messages.length(id));
    }

    /** Whether message {@code id} is live and stored at {@code position} (packed). */
    synchronized boolean isLiveAt(long id, long position) {
        return messages.contains(id) && messages.position(id) == position;
    }

    /**
     * For a compaction copy: which of {@code queueNames} still hold {@code id} (others null in
     * the result), with the redelivered flag of each in {@code flags}.
     */
    synchronized String[] holders(long id, String vhost, String[] queueNames, byte[] flags) {
        String[] out = new String[queueNames.length];
        for (int i = 0; i < queueNames.length; i++) {
            QueueIndex q = queue(vhost, queueNames[i], false);
            if (q != null && q.contains(id)) {
                out[i] = queueNames[i];
                // the transient bit comes from the original record (the caller passes its flags in)
                flags[i] = (byte) ((flags[i] & RecordFormat.FLAG_TRANSIENT)
                        | (q.isDelivered(id) ? RecordFormat.FLAG_REDELIVERED : 0));
            }
        }
        return out;
    }

    /** Ids of the live messages stored in segment {@code sequence}, in file order. */
    synchronized long[] liveIdsIn(long sequence) {
        LiveIds found = new LiveIds();
        messages.forEach((id, position, length) -> {
            if (SegmentPosition.segmentOf(position) == sequence) {
                found.add(id, SegmentPosition.offsetOf(position));
            }
        });
        return found.inFileOrder();
    }

    /** Drops a message from every queue (its record became unreadable). */
    synchronized void forget(long id) {
        for (Map<String, QueueIndex> byName : queues.values()) {
            for (QueueIndex q : byName.values()) {
                if (q.remove(id)) {
                    release(id);
                }
            }
        }
    }

    /** The live entries of a queue in order: id plus {@link QueueIndex#DELIVERED}. */
    synchronized long[] queueSnapshot(String vhost, String queue) {
        QueueIndex q = queue(vhost, queue, false);
        return q == null ? new long[0] : q.snapshot();
    }

    /** Queues holding at least one message. */
    synchronized List<StoredQueue> storedQueues() {
        List<StoredQueue> out = new ArrayList<>();
        queues.forEach((vhost, byName) -> byName.forEach((name, q) -> {
            if (q.size() > 0) {
                out.add(new StoredQueue(vhost, name, q.size()));
            }
        }));
        return out;
    }

    /** Messages held only by queues that {@code definitions} does not know. */
    synchronized long orphanedMessages(Definitions definitions) {
        Map<Long, Integer> unknownHolders = new HashMap<>();
        queues.forEach((vhost, byName) -> byName.forEach((name, q) -> {
            if (q.size() > 0 && !definitions.hasQueue(vhost, name)) {
                for (long e : q.snapshot()) {
                    unknownHolders.merge(e & QueueIndex.ID_MASK, 1, Integer::sum);
                }
            }
        }));
        long orphans = 0;
        for (Map.Entry<Long, Integer> e : unknownHolders.entrySet()) {
            if (messages.holders(e.getKey()) == e.getValue()) {
                orphans++;
            }
        }
        return orphans;
    }

    private QueueIndex queue(String vhost, String name, boolean create) {
        Map<String, QueueIndex> byName = queues.get(vhost);
        if (byName == null) {
            if (!create) {
                return null;
            }
            byName = new HashMap<>();
            queues.put(vhost, byName);
        }
        QueueIndex q = byName.get(name);
        if (q == null && create) {
            q = new QueueIndex();
            byName.put(name, q);
        }
        return q;
    }

    private void release(long id) {
        if (!messages.contains(id)) {
            return;
        }
        long position = messages.position(id);
        int length = messages.length(id);
        if (messages.release(id) == 0) {
            account(position, length, -1);
        }
    }

    private void account(long position, int length, int delta) {
        Segment s = segments.get(SegmentPosition.segmentOf(position));
        if (s != null) {
            s.liveMessages += delta;
            s.liveBytes += (long) delta * length;
        }
        liveBytes += (long) delta * length;
    }

    /** Ids collected with their file offsets, returned in file order. */
    private static final class LiveIds {
        private long[] keyed = new long[16];
        private long[] ids = new long[16];
        private int n;

        void add(long id, long offset) {
            if (n == ids.length) {
                ids = java.util.Arrays.copyOf(ids, n * 2);
                keyed = java.util.Arrays.copyOf(keyed, n * 2);
            }
            keyed[n] = (offset << 31) | n;
            ids[n++] = id;
        }

        long[] inFileOrder() {
            long[] sorted = java.util.Arrays.copyOf(keyed, n);
            java.util.Arrays.sort(sorted);
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = ids[(int) (sorted[i] & 0x7FFF_FFFF)];
            }
            return out;
        }
    }
}
