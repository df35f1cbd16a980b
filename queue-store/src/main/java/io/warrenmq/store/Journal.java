package io.warrenmq.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;

/**
 * The one thread ({@code store-journal}) that writes segment files, after BookKeeper's
 * {@code Journal}: producers on any thread hand {@link JournalEntry}s over through a JCTools
 * MPSC queue (one lock-free offer, then an {@code unpark} only if the thread sleeps); the
 * thread frames them into a {@link RecordWriter}, writes batches with one gathering write, and
 * calls {@code force(false)} when the {@link GroupCommitPolicy} says so. Publish callbacks run
 * only after the {@code force()} that covers their record.
 *
 * <p>Between batches it reclaims space ({@link #maintain}): it deletes the oldest segment once
 * no live message is left in it, and compacts an oldest segment that is mostly dead by copying
 * its live messages forward (same id, current holders and redelivered flags) and forcing the
 * copies before the delete. See {@link SegmentLog} for why only the oldest segment is deleted.
 *
 * <p>Alongside each record it frames, the journal appends the record's compact form to the
 * active segment's {@link HintFile} (streamed to {@code <name>.hint.tmp}); when the segment is
 * sealed (rolled, or the store closes cleanly) the hint gets its footer, is forced and renamed,
 * so the next open can rebuild the index without reading the segment. A hint that cannot be
 * written is given up and noted: it only makes the next start slower.
 *
 * <p>On an I/O error the journal fails every waiting and future publish ({@code onFailure}) and
 * writes nothing more. Thread-safety: {@link #submit} from any thread; the rest is the
 * journal thread's.
 */
final class Journal implements Runnable {
    /**
     * Longest idle sleep. A safety net only: every {@link #submit} and {@link #close} unparks a
     * sleeping thread and compaction moves only when records arrive, so a short one would just
     * wake an idle broker for nothing.
     */
    private static final long IDLE_PARK_NANOS = 1_000_000_000L;
    private static final long COMPACT_BUDGET_BYTES = 1 << 20;

    private final MessagePassingQueue<JournalEntry> queue = new MpscUnboundedXaddArrayQueue<>(1024);
    private final SegmentLog log;
    private final StoreIndex index;
    private final GroupCommitPolicy policy;
    private final long segmentBytes;
    private final ByteBufAllocator allocator;
    private final AtomicLong nextId;
    private final RecordWriter writer = new RecordWriter(1 << 20);
    private final EncodedNames names = new EncodedNames();
    private final GroupCommitPolicy.Pending pending = new GroupCommitPolicy.Pending();
    private final ArrayList<JournalEntry> awaitingSync = new ArrayList<>();
    private final ArrayDeque<String> problems = new ArrayDeque<>();

    private Segment active;
    private FileChannel activeChannel;
    /** The active segment's hint, null once given up (an I/O error) or sealed. */
    private HintFile.Writer hint;
    private long logBytes;
    private long[] compactIds;
    private int compactNext;
    private Segment compacting;
    private Segment compactionStuck;
    private JournalEntry current;

    private final Thread thread;
    private volatile boolean parked;
    private volatile boolean closing;
    private volatile boolean terminated;
    private volatile Throwable failure;

    Journal(SegmentLog log, StoreIndex index, StoreOptions options, AtomicLong nextId, long firstSequence)
            throws IOException {
        this.log = log;
        this.index = index;
        this.policy = options.commitPolicy();
        this.segmentBytes = options.segmentBytes();
        this.allocator = options.allocator();
        this.nextId = nextId;
        for (Segment s : index.segments()) {
            logBytes += s.size;
        }
        openSegment(firstSequence);
        this.thread = new Thread(this, "store-journal");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Hands a request over (any thread). If the store failed or closed, fails it at once. */
    void submit(JournalEntry e) {
        Throwable f = failure;
        if (f != null || closing) {
            e.fail(f != null ? f : new IOException("store closed"));
            return;
        }
        queue.offer(e);
        if (parked) {
            LockSupport.unpark(thread);
        }
        if (terminated) {
            failLeftovers();
        }
    }

    Throwable failure() {
        return failure;
    }

    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    /** Writes and forces everything handed over, stops the thread and closes the files. */
    void close() {
        closing = true;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        terminated = true;
        failLeftovers();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void failLeftovers() {
        JournalEntry e;
        while ((e = queue.poll()) != null) {
            e.fail(failure != null ? failure : new IOException("store closed"));
        }
    }

    @Override
    public void run() {
        try {
            loop();
            sync();
            sealHint(); // why after the final sync: the hint covers the segment's final, durable length
        } catch (Throwable t) {
            fail(t);
            drainFailed();
        } finally {
            closeFiles();
        }
    }

    private void loop() throws IOException {
        while (true) {
            JournalEntry e = queue.poll();
            if (e != null) {
                current = e;
                handle(e);
                current = null;
                if (policy.decide(System.nanoTime(), pending, false) != GroupCommitPolicy.Trigger.NONE) {
                    sync();
                }
                continue;
            }
            writeOut(); // why: lazily-forced records still reach the page cache at once (a kill -9 keeps them)
            if (!pending.isEmpty() && policy.decide(System.nanoTime(), pending, true) != GroupCommitPolicy.Trigger.NONE) {
                sync();
                continue;
            }
            if (maintain(false)) {
                continue;
            }
            if (closing && queue.isEmpty()) {
                return;
            }
            long wait = Math.min(IDLE_PARK_NANOS, policy.nanosUntilDue(System.nanoTime(), pending));
            parked = true;
            if (queue.isEmpty() && !closing && wait > 0) {
                LockSupport.parkNanos(this, wait);
            }
            parked = false;
        }
    }

    private void handle(JournalEntry e) throws IOException {
        switch (e.type) {
            case RecordFormat.PUBLISH -> publish(e);
            case RecordFormat.REMOVE -> {
                if (index.remove(e.vhost, e.queue, e.id)) {
                    queueRecord(e, true);
                }
            }
            case RecordFormat.DELIVERED -> {
                if (index.delivered(e.vhost, e.queue, e.id)) {
                    queueRecord(e, true);
                }
            }
            case RecordFormat.PURGE -> {
                if (index.purge(e.vhost, e.queue)) {
                    queueRecord(e, false);
                }
            }
            case RecordFormat.DELETE_QUEUE -> {
                if (index.deleteQueue(e.vhost, e.queue)) {
                    queueRecord(e, false);
                }
            }
            case JournalEntry.BARRIER -> {
                sync();
                maintain(true);
                e.barrier.complete(null);
            }
            default -> throw new IllegalStateException("unknown journal entry type " + e.type);
        }
    }

    private void publish(JournalEntry e) throws IOException {
        String[] queues = e.queues.size() == 1 ? new String[] {e.queues.get(0)}
                : new LinkedHashSet<>(e.queues).toArray(new String[0]);
        try {
            encodePublish(e.id, e.vhost, queues, e.flags, e.exchange, e.routingKey,
                    e.properties, e.propertiesIndex, e.propertiesLength, e.body, e.bodyIndex, e.bodyLength);
        } catch (IllegalArgumentException tooBig) {
            e.fail(tooBig);
            return;
        }
        e.releaseBuffers(); // why: the writer copied them, or holds its own reference until written
        // why the journal's clock, not the producer's: when the journal is behind, every waiting record
        // is already older than maxWait; timing from hand-over would force one fsync per record and keep
        // it behind for good. From here, a backlog goes out as one batch per maxWait.
        if (e.flags != null) {
            // a paged-out transient copy: nobody waits for it, it rides with the next sync
            pending.addLazy(System.nanoTime(), lastFrameLength);
            return;
        }
        pending.addDurable(System.nanoTime(), lastFrameLength);
        awaitingSync.add(e);
    }

    private int lastFrameLength;

    /** Frames a PUBLISH and indexes it; {@code flags} null for a fresh publish. */
    private void encodePublish(long id, String vhost, String[] queues, byte[] flags, String exchange, String routingKey,
                               ByteBuf properties, int propertiesIndex, int propertiesLength,
                               ByteBuf body, int bodyIndex, int bodyLength) throws IOException {
        byte[] vhostName = names.of(vhost);
        byte[][] queueNames = new byte[queues.length][];
        long length = 1 + 8 + 2 + vhostName.length + 2 + 2 + 2 + 4 + 4 + (long) propertiesLength + bodyLength;
        for (int i = 0; i < queues.length; i++) {
            queueNames[i] = names.of(queues[i]);
            length += 2 + queueNames[i].length + 1;
        }
        int exchangeBytes = utf8(exchange);
        int routingKeyBytes = utf8(routingKey);
        length += exchangeBytes + routingKeyBytes;
        if (length > RecordFormat.MAX_RECORD_LENGTH || queues.length > RecordFormat.MAX_QUEUES) {
            throw new IllegalArgumentException("message too large for one record: " + length + " bytes, "
                    + queues.length + " queues");
        }
        long copied = RecordFormat.FRAME_HEADER_BYTES + length
                - (propertiesLength > RecordWriter.COPY_LIMIT ? propertiesLength : 0)
                - (bodyLength > RecordWriter.COPY_LIMIT ? bodyLength : 0);
        long position = prepare(RecordFormat.FRAME_HEADER_BYTES + length, (int) copied);
        writer.begin((int) length, RecordFormat.PUBLISH);
        writer.putLong(id);
        writer.putString(vhostName);
        writer.putShort(queues.length);
        for (int i = 0; i < queues.length; i++) {
            writer.putString(queueNames[i]);
            writer.putByte(flags == null ? 0 : flags[i]);
        }
        writer.putString(exchange, exchangeBytes);
        writer.putString(routingKey, routingKeyBytes);
        writer.putInt(propertiesLength);
        writer.putBytes(properties, propertiesIndex, propertiesLength);
        writer.putInt(bodyLength);
        writer.putBytes(body, bodyIndex, bodyLength);
        writer.end();
        lastFrameLength = (int) (RecordFormat.FRAME_HEADER_BYTES + length);
        advance(lastFrameLength);
        index.publish(id, vhost, queues, flags, position, lastFrameLength);
        if (hint != null) {
            try {
                hint.publish(id, vhostName, queueNames, flags, SegmentPosition.offsetOf(position), lastFrameLength);
            } catch (IOException e) {
                abandonHint(e);
            }
        }
    }

    private static int utf8(String s) {
        int n = RecordFormat.utf8Length(s);
        if (n > RecordFormat.MAX_STRING_BYTES) {
            throw new IllegalArgumentException("name longer than 65535 bytes");
        }
        return n;
    }

    /** REMOVE / DELIVERED (with id) or PURGE / DELETE_QUEUE. */
    private void queueRecord(JournalEntry e, boolean withId) throws IOException {
        byte[] vhostName = names.of(e.vhost);
        byte[] queueName = names.of(e.queue);
        int length = 1 + (withId ? 8 : 0) + 2 + vhostName.length + 2 + queueName.length;
        int frame = RecordFormat.FRAME_HEADER_BYTES + length;
        prepare(frame, frame);
        writer.begin(length, e.type);
        if (withId) {
            writer.putLong(e.id);
        }
        writer.putString(vhostName);
        writer.putString(queueName);
        writer.end();
        advance(frame);
        pending.addLazy(System.nanoTime(), frame);
        if (hint != null) {
            try {
                hint.queueRecord(e.type, e.id, vhostName, queueName);
            } catch (IOException io) {
                abandonHint(io);
            }
        }
    }

    /** Rolls the segment if this record would overflow it and makes room in the writer; returns its packed position. */
    private long prepare(long frame, int copied) throws IOException {
        if (active.size + frame > segmentBytes && active.size > RecordFormat.SEGMENT_HEADER_BYTES) {
            roll();
        }
        if (!writer.fits(copied)) {
            writeOut();
            writer.ensureCapacity(copied);
        }
        return SegmentPosition.pack(active.sequence, active.size);
    }

    private void advance(int frame) {
        active.size += frame;
        logBytes += frame;
    }

    /** Seals the active segment (everything in it forced, callbacks run) and starts the next. */
    private void roll() throws IOException {
        sync();
        activeChannel.close();
        sealHint();
        openSegment(active.sequence + 1);
    }

    private void openSegment(long sequence) throws IOException {
        long bound = nextId.get();
        activeChannel = log.create(sequence, bound);
        active = new Segment(sequence, log.pathOf(sequence), RecordFormat.SEGMENT_HEADER_BYTES);
        index.addSegment(active);
        logBytes += RecordFormat.SEGMENT_HEADER_BYTES;
        try {
            hint = HintFile.Writer.create(log.channels, log.hintPathOf(sequence), sequence, bound);
        } catch (IOException e) {
            hint = null;
            problem("segment " + active.name() + ": no hint file (" + e + "); the next start scans it");
        }
    }

    /**
     * The active segment is complete and forced: finishes its hint. (The directory entry becomes
     * durable with the next segment's creation or the clean-close marker, both of which fsync it.)
     */
    private void sealHint() {
        if (hint == null) {
            return;
        }
        HintFile.Writer w = hint;
        hint = null;
        try {
            w.seal(active.size);
        } catch (IOException e) {
            problem("segment " + active.name() + ": hint not written (" + e + "); the next start scans it");
        }
    }

    private void abandonHint(IOException cause) {
        hint.abandon();
        hint = null;
        problem("segment " + active.name() + ": hint given up (" + cause + "); the next start scans it");
    }

    private void writeOut() throws IOException {
        if (writer.pendingBytes() > 0) {
            writer.writeTo(activeChannel);
            active.written(active.size);
        }
    }

    /** Writes everything, forces the active segment, then runs the callbacks it covers. */
    private void sync() throws IOException {
        writeOut();
        if (pending.isEmpty() && awaitingSync.isEmpty()) {
            return;
        }
        activeChannel.force(false);
        pending.clear();
        for (JournalEntry e : awaitingSync) {
            if (e.onDurable != null) {
                try {
                    e.onDurable.run();
                } catch (RuntimeException ex) {
                    problem("onDurable callback of message " + e.id + " threw " + ex);
                }
            }
        }
        awaitingSync.clear();
    }

    /**
     * Deletes dead oldest segments and compacts a mostly dead oldest one; with {@code full}
     * until nothing is left to do, else one bounded step. Returns whether it did anything.
     */
    private boolean maintain(boolean full) throws IOException {
        boolean did = false;
        while (true) {
            Segment head = index.oldestSegment();
            if (head == null || head == active) {
                return did;
            }
            if (head.liveMessages == 0) {
                sync(); // why: compaction copies of its messages must be durable before the original goes
                index.removeSegment(head);
                log.delete(head);
                logBytes -= head.size;
                compacting = null;
                did = true;
                continue;
            }
            if (!worthCompacting(head)) {
                return did;
            }
            compactStep(head, full ? Long.MAX_VALUE : COMPACT_BUDGET_BYTES);
            did = true;
            if (!full) {
                return true;
            }
        }
    }

    private boolean worthCompacting(Segment head) {
        if (head == compactionStuck) {
            return false;
        }
        if (head.liveBytes * 5 <= head.size) {
            return true; // mostly dead: copying at most a fifth frees the whole segment
        }
        // why: more than half the log is garbage somewhere behind a live head; moving the head forward lets it go
        return index.segmentCount() >= 3 && index.liveBytes() * 2 < logBytes;
    }

    private void compactStep(Segment head, long budget) throws IOException {
        if (compacting != head) {
            compacting = head;
            compactIds = index.liveIdsIn(head.sequence);
            compactNext = 0;
        }
        long copied = 0;
        while (compactNext < compactIds.length && copied < budget) {
            long id = compactIds[compactNext++];
            SegmentPosition p = index.locate(id);
            if (p == null || p.segment() != head.sequence) {
                continue;
            }
            ByteBuf frame;
            try {
                frame = log.readFrame(head, p.offset(), p.length(), allocator);
            } catch (IOException unreadable) {
                problem("message " + id + " in " + head.name() + " is unreadable (" + unreadable.getMessage()
                        + "); dropped from its queues");
                index.forget(id);
                continue;
            }
            try {
                ByteBuf d = frame.duplicate().readerIndex(RecordFormat.FRAME_HEADER_BYTES + 1);
                var m = RecordFormat.decodePublish(d, false);
                byte[] flags = m.flags().clone(); // carries FLAG_TRANSIENT into the copy
                String[] holders = index.holders(id, m.vhost(), m.queues(), flags);
                List<String> keep = new ArrayList<>();
                List<Byte> keepFlags = new ArrayList<>();
                for (int i = 0; i < holders.length; i++) {
                    if (holders[i] != null) {
                        keep.add(holders[i]);
                        keepFlags.add(flags[i]);
                    }
                }
                if (keep.isEmpty()) {
                    continue;
                }
                byte[] f = new byte[keep.size()];
                for (int i = 0; i < f.length; i++) {
                    f[i] = keepFlags.get(i);
                }
                encodePublish(id, m.vhost(), keep.toArray(new String[0]), f, m.exchange(), m.routingKey(),
                        frame, m.propertiesIndex(), m.propertiesLength(), frame, m.bodyIndex(), m.bodyLength());
                pending.addBytes(lastFrameLength);
                copied += lastFrameLength;
            } finally {
                frame.release();
            }
        }
        if (compactNext >= compactIds.length && head.liveMessages > 0) {
            // why: never loop on a segment whose messages could not all be moved; it is reported instead
            problem("segment " + head.name() + ": " + head.liveMessages + " live messages could not be moved forward");
            compactionStuck = head;
        }
    }

    private synchronized void problem(String text) {
        if (problems.size() == 100) {
            problems.removeFirst();
        }
        problems.addLast(text);
    }

    private void fail(Throwable t) {
        failure = t;
        problem("journal failed: " + t);
        writer.reset();
        if (hint != null) {
            hint.abandon(); // why: records it lists may never reach the segment
            hint = null;
        }
        if (current != null && !awaitingSync.contains(current)) {
            current.fail(t);
        }
        for (JournalEntry e : awaitingSync) {
            e.fail(t);
        }
        awaitingSync.clear();
    }

    /** After a failure: tell every later request, until close. */
    private void drainFailed() {
        while (true) {
            JournalEntry e = queue.poll();
            if (e != null) {
                e.fail(failure);
                continue;
            }
            if (closing && queue.isEmpty()) {
                return;
            }
            parked = true;
            if (queue.isEmpty() && !closing) {
                LockSupport.parkNanos(this, IDLE_PARK_NANOS);
            }
            parked = false;
        }
    }

    private void closeFiles() {
        if (hint != null) {
            hint.abandon();
            hint = null;
        }
        try {
            activeChannel.close();
        } catch (IOException ignored) {
            // why: nothing more can be done; durable data was forced before
        }
        for (Segment s : index.segments()) {
            s.close();
        }
    }
}
