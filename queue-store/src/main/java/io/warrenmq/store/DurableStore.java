package io.warrenmq.store;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The durable message store: persistent messages and the durable topology of a broker, in one
 * locked data directory. Layout, record formats and invariants: {@code docs/storage-format.md}.
 *
 * <pre>
 * dir/LOCK                     held with FileChannel.tryLock while open (contains the pid)
 * dir/definitions.{a,b}        the topology, two alternating copies ({@link DefinitionsFile})
 * dir/messages/%020d.seg       append-only segments of framed, checksummed records ({@link SegmentLog})
 * dir/messages/%020d.hint      a sealed segment's records without bodies, to recover fast ({@link HintFile})
 * </pre>
 *
 * <p>Guarantees: {@code onDurable} runs only after the record is forced to disk, so a
 * confirmed message survives kill -9 and power loss; {@link #open} always succeeds on damaged
 * data (torn tails cut, bad records skipped, unreadable files moved aside, all reported in
 * {@link #recoveryReport()}), and never resurrects a message whose REMOVE it recovered.
 *
 * <p>Thread-safety: every method may be called from any thread. {@code publish}, {@code remove},
 * {@code delivered}, {@code purge} and {@code deleteQueue} never block: they hand a record to
 * the {@code store-journal} thread ({@link Journal}), which applies them in hand-over order.
 */
public final class DurableStore implements AutoCloseable {
    private final Path directory;
    private final StoreOptions options;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final DefinitionsFile definitionsFile;
    private final SegmentLog log;
    private final StoreIndex index;
    private final Journal journal;
    private final AtomicLong nextId;
    private final RecoveryReport report;
    private volatile Definitions definitions;
    private volatile boolean closed;
    /** Name of the marker a clean close leaves behind; its absence at open means a crash. */
    static final String CLEAN_MARKER = "CLEAN";
    /** True when the previous run did not close the store (killed, crashed, power cut). */
    private final boolean afterCrash;

    private DurableStore(Path directory, StoreOptions options, FileChannel lockChannel, FileLock lock)
            throws IOException {
        long started = System.nanoTime();
        this.directory = directory;
        Path marker = directory.resolve(CLEAN_MARKER);
        this.afterCrash = !Files.exists(marker) && holdsSegments(directory);
        // why: removed (durably) before anything is written, so a crash in this run is detected next time
        Files.deleteIfExists(marker);
        syncDirectory(directory);
        this.options = options;
        this.lockChannel = lockChannel;
        this.lock = lock;
        List<String> problems = new ArrayList<>();
        this.definitionsFile = new DefinitionsFile(directory);
        this.definitions = definitionsFile.load(problems);
        Path messages = directory.resolve("messages");
        Files.createDirectories(messages);
        this.log = new SegmentLog(messages, options.channelFactory());
        this.index = new StoreIndex();
        Recovery recovery = new Recovery(log, index, !afterCrash);
        recovery.run();
        problems.addAll(recovery.problems);

        long orphans = index.orphanedMessages(definitions);
        if (orphans > 0 && definitionsFile.existed()) {
            problems.add(orphans + " stored messages belong to no defined queue; kept on disk (see storedQueues())");
        }
        this.nextId = new AtomicLong(recovery.nextMessageId);
        this.journal = new Journal(log, index, options, nextId, recovery.lastSequence + 1);
        this.report = new RecoveryReport(recovery.segmentsScanned, recovery.segmentsFromHints, recovery.recordsRead,
                index.messageCount(), recovery.tornTailBytesCut, problems, Duration.ofNanos(System.nanoTime() - started),
                orphans);
        journal.start();
    }

    /**
     * Creates the directory if needed, takes its lock, then recovers. Never fails because of
     * damaged data: damage is skipped and reported in {@link #recoveryReport()}.
     *
     * @throws StoreLockedException if another store instance or process has the directory open
     * @throws IOException          if the directory cannot be created, locked or read at all
     */
    public static DurableStore open(Path dir, StoreOptions options) throws IOException {
        Files.createDirectories(dir);
        Path lockPath = dir.resolve("LOCK");
        FileChannel ch = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException sameJvm) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            String holder = readPid(ch);
            ch.close();
            throw new StoreLockedException(dir, holder.isEmpty() ? "" : " (pid " + holder + ")");
        }
        try {
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new DurableStore(dir, options, ch, lock);
        } catch (IOException | RuntimeException | Error e) {
            ch.close();
            throw e;
        }
    }

    private static String readPid(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(32);
            ch.read(b, 0);
            return new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** Whether the previous run ended without closing the store (then recovered messages are redelivered). */
    public boolean recoveredAfterCrash() {
        return afterCrash;
    }

    /** A directory never used before is not a crash, whatever markers it lacks. */
    private static boolean holdsSegments(Path dir) throws IOException {
        Path messages = dir.resolve("messages");
        if (!Files.isDirectory(messages)) {
            return false;
        }
        try (var files = Files.list(messages)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".seg"));
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some file systems cannot fsync a directory; the rename/delete is still ordered by the journal's fsyncs
        }
    }

    public Path directory() {
        return directory;
    }

    /** What recovery found and skipped. */
    public RecoveryReport recoveryReport() {
        return report;
    }

    /** The durable topology: as recovered, then as last saved. */
    /**
     * Refuses a directory that holds stored messages but no readable definitions, unless the options
     * allow it. The broker calls it right after opening (the store alone has callers, its tests, that
     * store messages without ever saving definitions). why refuse: started empty, the broker would
     * serve none of the queues, and its next save of the topology would make the loss permanent
     * while the log said nothing.
     */
    public void requireDefinitions() throws MissingDefinitionsException {
        if (!definitionsFile.loaded() && index.messageCount() > 0 && !options.startWithoutDefinitions()) {
            throw new MissingDefinitionsException(directory, index.messageCount(), definitionsFile.whyNoneLoaded());
        }
    }

    public Definitions definitions() {
        return definitions;
    }

    /** Atomically replaces the stored topology; returns once it is durable. */
    public void saveDefinitions(Definitions definitions) throws IOException {
        Objects.requireNonNull(definitions, "definitions");
        checkOpen();
        definitionsFile.save(definitions);
        this.definitions = definitions;
    }

    /**
     * The stored messages of one queue, in queue (id) order, each with its redelivered flag;
     * the caller owns (releases) each. A message whose record has become unreadable since
     * recovery is left out and noted in {@link #problems()}.
     */
    public List<StoredMessage> recoveredMessages(String vhost, String queue) {
        long[] entries = index.queueSnapshot(vhost, queue);
        List<StoredMessage> out = new ArrayList<>(entries.length);
        for (long e : entries) {
            long id = e & QueueIndex.ID_MASK;
            try {
                // Delivered marks are written lazily, so after a crash the last deliveries may lack
                // one: every recovered message is then flagged redelivered ("may have been delivered").
                out.add(read(id, afterCrash || (e & QueueIndex.DELIVERED) != 0));
            } catch (IOException ex) {
                readProblems.add("message " + id + " of queue " + vhost + "/" + queue + " unreadable: " + ex.getMessage());
            }
        }
        return out;
    }

    private final List<String> readProblems = java.util.Collections.synchronizedList(new ArrayList<>());

    /**
     * The stored messages of one queue as ids only, in queue order, with
     * {@link MessageQueue#REDELIVERED_FLAG} set where the message had been delivered (or on every
     * one after a crash). Nothing is read: a paged queue reads each when it nears the head.
     */
    public long[] recoveredEntries(String vhost, String queue) {
        long[] entries = index.queueSnapshot(vhost, queue);
        for (int i = 0; i < entries.length; i++) {
            long id = entries[i] & QueueIndex.ID_MASK;
            boolean redelivered = afterCrash || (entries[i] & QueueIndex.DELIVERED) != 0;
            entries[i] = id | (redelivered ? MessageQueue.REDELIVERED_FLAG : 0);
        }
        return entries;
    }

    /** Whether the message's record is written, so {@link #read} will find it. */
    public boolean isReadable(long messageId) {
        return index.locate(messageId) != null;
    }

    /** The stored record's length, an upper bound of the body size, read from the index (no I/O). */
    public int storedLength(long messageId) {
        SegmentPosition p = index.locate(messageId);
        return p == null ? 0 : p.length();
    }

    /** Queues that hold stored messages (defined or not: after damaged definitions these are the orphans). */
    public List<StoredQueue> storedQueues() {
        return index.storedQueues();
    }

    /**
     * Stores a persistent message once for all the durable {@code queues} it was routed to.
     * Non-blocking: hands the record to the journal thread. The store takes its own references
     * of the buffers (read from their reader indices; do not change their content); the caller
     * keeps its own. {@code onDurable} runs on the journal thread after the record is forced
     * to disk; if the store failed or is closed, {@code onFailure} runs instead (on the journal
     * thread, or at once on the caller's).
     *
     * @return the message id (monotonic, also across restarts)
     */
    public long publish(String vhost, List<String> queues, String exchange, String routingKey, ByteBuf properties,
                        ByteBuf body, Runnable onDurable, Consumer<Throwable> onFailure) {
        Objects.requireNonNull(vhost, "vhost");
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(routingKey, "routingKey");
        Objects.requireNonNull(onDurable, "onDurable");
        Objects.requireNonNull(onFailure, "onFailure");
        if (queues.isEmpty()) {
            throw new IllegalArgumentException("a stored message needs at least one queue");
        }
        long id = nextId.getAndIncrement();
        journal.submit(JournalEntry.publish(id, vhost, queues, exchange, routingKey, properties, body, onDurable,
                onFailure));
        return id;
    }

    /**
     * Writes a transient message a queue pages out of memory (lazily, no fsync, no callback): it
     * can be {@link #read} back while this store is open and is never recovered. Returns its id,
     * or -1 when the store no longer accepts writes. Remove it with {@link #remove} once consumed.
     */
    public long pageOut(String vhost, String queue, String exchange, String routingKey, ByteBuf properties,
                        ByteBuf body) {
        if (closed || journal.failure() != null) {
            return -1;
        }
        long id = nextId.getAndIncrement();
        journal.submit(JournalEntry.pageOut(id, vhost, queue, exchange, routingKey, properties, body));
        return id;
    }

    /** The queue no longer holds the message (acked or dropped). Written with the next batch, forced lazily. */
    public void remove(String vhost, String queue, long messageId) {
        journal.submit(JournalEntry.queueRecord(RecordFormat.REMOVE, vhost, queue, messageId));
    }

    /** The message was delivered: after a restart it comes back with redelivered set. Lazily forced. */
    public void delivered(String vhost, String queue, long messageId) {
        journal.submit(JournalEntry.queueRecord(RecordFormat.DELIVERED, vhost, queue, messageId));
    }

    /** Every message of the queue is gone. */
    public void purge(String vhost, String queue) {
        journal.submit(JournalEntry.queueRecord(RecordFormat.PURGE, vhost, queue, 0));
    }

    /** The queue was deleted, with its messages. */
    public void deleteQueue(String vhost, String queue) {
        journal.submit(JournalEntry.queueRecord(RecordFormat.DELETE_QUEUE, vhost, queue, 0));
    }

    /**
     * Blocks until every record handed over before this call is written and forced, and dead
     * segments are reclaimed. Not needed for correctness; for shutdown hooks, tools and tests.
     */
    public void sync() throws IOException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        journal.submit(JournalEntry.barrier(done));
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for the journal");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /** Reads a stored message back (redelivered is always false here: it is per queue). */
    public StoredMessage read(long messageId) throws IOException {
        return read(messageId, false);
    }

    private StoredMessage read(long messageId, boolean redelivered) throws IOException {
        for (int attempt = 0; attempt < 8; attempt++) {
            SegmentPosition p = index.locate(messageId);
            if (p == null) {
                throw new IOException("message " + messageId + " is not stored");
            }
            Segment segment = index.segment(p.segment());
            if (segment == null) {
                continue; // why: compaction moved it and deleted the segment between the two look-ups
            }
            ByteBuf frame;
            try {
                frame = log.readFrame(segment, p.offset(), p.length(), options.allocator());
            } catch (ClosedChannelException moved) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("interrupted reading message " + messageId);
                }
                if (closed) {
                    throw new IOException("store closed");
                }
                continue;
            }
            try {
                ByteBuf d = frame.duplicate().readerIndex(RecordFormat.FRAME_HEADER_BYTES + 1);
                var m = RecordFormat.decodePublish(d, false);
                return new StoredMessage(m.id(), m.exchange(), m.routingKey(),
                        frame.retainedSlice(m.propertiesIndex(), m.propertiesLength()),
                        frame.retainedSlice(m.bodyIndex(), m.bodyLength()), redelivered);
            } catch (IndexOutOfBoundsException | IllegalStateException malformed) {
                throw new IOException("message " + messageId + ": malformed record", malformed);
            } finally {
                frame.release();
            }
        }
        throw new IOException("message " + messageId + " kept moving while being read");
    }

    /** Problems met since open (compaction, unreadable messages, a journal failure); recovery's are in the report. */
    public List<String> problems() {
        List<String> all = new ArrayList<>(journal.problems());
        synchronized (readProblems) {
            all.addAll(readProblems);
        }
        return all;
    }

    /** Whether the store stopped accepting writes after an I/O error (see {@link #problems()}). */
    public boolean failed() {
        return journal.failure() != null;
    }

    /** Live stored messages (each counted once). */
    public int messageCount() {
        return index.messageCount();
    }

    /** Flushes and forces everything handed over, stops the journal thread, releases the lock. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            journal.close();
            if (!failed()) {
                Path marker = directory.resolve(CLEAN_MARKER);
                Files.write(marker, new byte[0]);
                try (FileChannel c = FileChannel.open(marker, StandardOpenOption.WRITE)) {
                    c.force(true);
                }
                syncDirectory(directory);
            }
        } catch (IOException e) {
            // no marker: the next open treats this run as a crash, which is the safe side
        } finally {
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException("store closed");
        }
    }

    /** Test seam: where a message is stored. */
    SegmentPosition positionOf(long messageId) {
        return index.locate(messageId);
    }

    /** Test seam: the segment sequence numbers on disk, oldest first. */
    List<Long> segmentSequences() {
        List<Long> out = new ArrayList<>();
        for (Segment s : index.segments()) {
            out.add(s.sequence);
        }
        return out;
    }
}
