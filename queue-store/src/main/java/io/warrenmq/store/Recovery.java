package io.warrenmq.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Rebuilds the {@link StoreIndex} from the segment files at open, and repairs what a crash
 * leaves behind. Never throws because of damaged data; everything it skips is a line in
 * {@link #problems}.
 *
 * <ul>
 *   <li>Segments are replayed in sequence order; every record's length and CRC32C are checked.</li>
 *   <li>A record with a bad checksum but a plausible length is skipped and replay resumes after it.</li>
 *   <li>An implausible length (0, or past the end of the file) makes the rest of that segment
 *       unreadable: it is reported and replay continues with the next segment.</li>
 *   <li>In the last segment, everything after the last good record is a torn write: the file is
 *       truncated there (nothing in it was ever acknowledged, unless a disk damaged it).</li>
 *   <li>A segment without a valid header (bad magic, checksum, or a version this build does not
 *       read) is renamed {@code .damaged}; an empty or header-less last segment (a crash while
 *       rolling) is deleted.</li>
 *   <li>A gap in the sequence numbers is reported as a missing segment.</li>
 *   <li>A segment with a trustworthy {@link HintFile} (checksum valid, same sequence and header
 *       bound, covering exactly the segment's current length) is replayed from the hint instead:
 *       same index, without reading the bodies. Any other hint is reported, deleted, and the
 *       segment scanned. A segment scanned without a problem gets a new hint, so the next start
 *       is fast too (after a crash, or for a store written before hints existed).</li>
 *   <li>A hint without its segment, and a half-written {@code .hint.tmp}, are deleted.</li>
 * </ul>
 *
 * <p>Thread-safety: single use, on the opening thread.
 */
final class Recovery {
    private static final int WINDOW_BYTES = 1 << 20;

    private final SegmentLog log;
    private final StoreIndex index;
    final List<String> problems = new ArrayList<>();
    /** Segments read record by record (including those found damaged). */
    int segmentsScanned;
    /** Segments replayed from their hint file. */
    int segmentsFromHints;
    /** Records replayed, from segments or hints. */
    long recordsRead;
    long tornTailBytesCut;
    /** Highest sequence number seen, damaged files included (-1: none). */
    long lastSequence = -1;
    /** A hint whose segment is missing, or shorter than it says, is renamed with this suffix, not deleted. */
    static final String ORPHAN_SUFFIX = ".orphan";
    /** The bytes cut from a damaged segment end are kept in {@code NAME.seg.cut-at-OFFSET}. */
    static final String CUT_TAIL_INFIX = ".cut-at-";

    /** Published messages listed by the hints of segments that were missing (an upper bound of the loss). */
    long messagesLostWithMissingSegments;

    /** Unreadable bytes at the end of a last segment that was not being written: damage, kept in place. */
    long damagedTailBytes;

    /** The next message id: above every id seen and every segment header's bound. */
    long nextMessageId = 1;

    private final ByteBuffer window = ByteBuffer.allocateDirect(WINDOW_BYTES);
    private long windowStart;
    private FileChannel channel;
    private final CRC32C crc = new CRC32C();
    /** The hint rebuilt while the current segment is scanned; null when none is being written. */
    private HintFile.Writer rebuilding;

    /**
     * Whether the previous run closed the store: then no write was unfinished, and an unreadable
     * tail of the last segment is damage to report, not a torn write to cut.
     */
    private final boolean closedCleanly;

    Recovery(SegmentLog log, StoreIndex index) {
        this(log, index, false);
    }

    Recovery(SegmentLog log, StoreIndex index, boolean closedCleanly) {
        this.log = log;
        this.index = index;
        this.closedCleanly = closedCleanly;
    }

    void run() throws IOException {
        TreeMap<Long, Path> segments = new TreeMap<>();
        TreeMap<Long, Path> hints = new TreeMap<>();
        Set<Long> damaged = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(log.directory)) {
            for (Path p : files) {
                String name = p.getFileName().toString();
                long seq = SegmentLog.sequenceOf(name);
                if (seq >= 0) {
                    segments.put(seq, p);
                } else if (HintFile.sequenceOf(name) >= 0) {
                    hints.put(HintFile.sequenceOf(name), p);
                } else if (name.endsWith(ORPHAN_SUFFIX) || name.contains(SegmentLog.SUFFIX + CUT_TAIL_INFIX)) {
                    continue; // a hint whose segment was missing, kept as the evidence of what was lost
                } else if (name.endsWith(HintFile.TMP_SUFFIX)) {
                    Files.deleteIfExists(p); // the active segment's hint, never sealed: the store was not closed
                } else if (name.endsWith(SegmentLog.SUFFIX + SegmentLog.DAMAGED_SUFFIX)) {
                    long d = SegmentLog.sequenceOf(name.substring(0, name.length() - SegmentLog.DAMAGED_SUFFIX.length()));
                    if (d >= 0) {
                        damaged.add(d);
                        lastSequence = Math.max(lastSequence, d);
                    }
                } else {
                    problems.add("messages/" + name + ": not a segment file, ignored");
                }
            }
        }
        long previous = -1;
        for (var e : segments.entrySet()) {
            long seq = e.getKey();
            if (previous >= 0) {
                for (long missing = previous + 1; missing < seq; missing++) {
                    if (!damaged.contains(missing) && !hints.containsKey(missing)) { // with a hint: counted below
                        problems.add("segment " + Segment.fileName(missing) + " is missing: its records are lost");
                    }
                }
            }
            previous = seq;
            if (recoverSegment(seq, e.getValue(), seq == segments.lastKey(), hints.remove(seq))) {
                lastSequence = Math.max(lastSequence, seq);
            }
        }
        for (var stray : hints.entrySet()) {
            lastSequence = Math.max(lastSequence, stray.getKey()); // the next segment must not take its number
            // why not delete it: it is the last record of what the missing segment held
            long listed = publishesBeyond(stray.getValue(), 0);
            Path aside = stray.getValue().resolveSibling(stray.getValue().getFileName() + ORPHAN_SUFFIX);
            Files.move(stray.getValue(), aside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            problems.add("segment " + Segment.fileName(stray.getKey()) + " is missing: its hint lists "
                    + (listed < 0 ? "an unreadable number of" : Long.toString(listed)) + " published messages, lost "
                    + "(less those consumed before it went); the hint was moved aside to " + aside.getFileName());
            if (listed > 0) {
                messagesLostWithMissingSegments += listed;
            }
        }
    }

    /**
     * Replays one segment, from its hint if that can be trusted, else record by record; false if
     * it was an incomplete last segment and got deleted.
     */
    private boolean recoverSegment(long seq, Path path, boolean last, Path hint) throws IOException {
        String name = path.getFileName().toString();
        long size;
        SegmentHeaderCheck check;
        try (FileChannel ch = log.channels.open(path, StandardOpenOption.READ)) {
            channel = ch;
            windowStart = 0;
            window.clear().flip();
            size = ch.size();
            if (size < RecordFormat.SEGMENT_HEADER_BYTES && last) {
                segmentsScanned++;
                problems.add("segment " + name + ": incomplete header (" + size + " bytes, a crash while rolling), removed");
                ch.close();
                if (hint != null) {
                    Files.deleteIfExists(hint);
                }
                Files.delete(path);
                return false;
            }
            fill(0, (int) Math.min(size, RecordFormat.SEGMENT_HEADER_BYTES));
            var header = RecordFormat.readSegmentHeader(window.duplicate(), seq);
            if (header.problem() != null) {
                segmentsScanned++;
                check = new SegmentHeaderCheck(header.problem());
            } else {
                check = null;
                nextMessageId = Math.max(nextMessageId, header.nextMessageId());
                Segment segment = new Segment(seq, path, size);
                index.addSegment(segment);
                boolean sealed = hint != null; // a sealed hint exists only for a segment that was complete
                if (hint == null || !replayHint(segment, hint, header.nextMessageId())) {
                    scanSegment(segment, last, header.nextMessageId(), last && (closedCleanly || sealed));
                }
            }
        } finally {
            channel = null;
        }
        if (check != null) {
            Path moved = log.quarantine(path, seq); // why: takes the hint along; it describes a segment no longer read
            problems.add("segment " + name + ": " + check.problem + "; moved aside to " + moved.getFileName()
                    + ", its records are lost");
        }
        return true;
    }

    /** Replays a segment from its hint; false (reported, hint deleted) if the hint cannot be trusted. */
    private boolean replayHint(Segment segment, Path hint, long headerBound) throws IOException {
        try (FileChannel ch = log.channels.open(hint, StandardOpenOption.READ)) {
            String problem;
            try {
                problem = HintFile.verify(ch, segment.sequence, headerBound, segment.size);
            } catch (IOException unreadable) {
                problem = "unreadable: " + unreadable.getMessage();
            }
            if (problem == null) {
                // why no fallback past this point: a verified hint applies whole; an I/O error here fails the open
                HintFile.replay(ch, new HintFile.Replay() {
                    @Override
                    public void publish(long id, String vhost, String[] queues, byte[] flags, long offset, int length) {
                        recordsRead++;
                        applyPublish(segment, id, vhost, queues, flags, offset, length);
                    }

                    @Override
                    public void queueRecord(byte type, long id, String vhost, String queue) {
                        recordsRead++;
                        applyQueueRecord(type, id, vhost, queue);
                    }
                });
                segmentsFromHints++;
                return true;
            }
            long beyond = publishesBeyond(hint, segment.size);
            if (beyond > 0) {
                // the segment is shorter than when its hint was sealed: what the hint lists past the end is gone
                messagesLostWithMissingSegments += beyond;
                ch.close();
                Path aside = hint.resolveSibling(hint.getFileName() + ORPHAN_SUFFIX);
                Files.move(hint, aside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                problems.add("segment " + segment.name() + " is shorter (" + segment.size + " bytes) than its hint "
                        + "says: the hint lists " + beyond + " published messages past its end, lost (less those "
                        + "consumed before); the segment was scanned, the hint moved aside to " + aside.getFileName());
                return false;
            }
            problems.add("segment " + segment.name() + ": hint " + hint.getFileName() + " not used (" + problem
                    + "); the segment was scanned instead");
        }
        Files.deleteIfExists(hint);
        return false;
    }

    /** Replays a segment record by record (cutting a torn tail of the last one) and rebuilds its hint. */
    private void scanSegment(Segment segment, boolean last, long headerBound, boolean tailIsDamage)
            throws IOException {
        segmentsScanned++;
        long size = segment.size;
        int problemsBefore = problems.size();
        rebuilding = startHint(segment, headerBound);
        boolean clean;
        try {
            long goodEnd = scanRecords(segment, size, last);
            clean = problems.size() == problemsBefore;
            if (last && goodEnd < size && tailIsDamage) {
                // nothing was being written there: damage, so the bytes are kept aside before the cut
                Path aside = keepTail(segment, goodEnd, size);
                cut(segment, goodEnd, size);
                damagedTailBytes += size - goodEnd;
                problems.set(problems.size() - 1, "segment " + segment.name() + " offset " + goodEnd + ": "
                        + (size - goodEnd) + " unreadable bytes at its end although " + (closedCleanly
                        ? "the store was closed cleanly" : "its hint shows it was complete")
                        + ": damage, not an unfinished write (any records there are lost); cut, the bytes kept in "
                        + aside.getFileName());
            } else if (last && goodEnd < size) {
                cut(segment, goodEnd, size);
            }
        } catch (IOException | RuntimeException e) {
            if (rebuilding != null) {
                rebuilding.abandon();
                rebuilding = null;
            }
            throw e;
        }
        HintFile.Writer w = rebuilding;
        rebuilding = null;
        if (w == null) {
            return;
        }
        if (!clean) {
            // why: a segment with skipped records keeps being scanned, so its damage is reported at every
            // start rather than hidden behind a hint (a cut torn tail is repaired, so it does not count)
            w.abandon();
            return;
        }
        try {
            w.seal(segment.size);
        } catch (IOException e) {
            problems.add("segment " + segment.name() + ": its hint could not be written (" + e.getMessage()
                    + "); it will be scanned again next time");
        }
    }

    private HintFile.Writer startHint(Segment segment, long headerBound) {
        try {
            return HintFile.Writer.create(log.channels, log.hintPathOf(segment.sequence), segment.sequence, headerBound);
        } catch (IOException e) {
            problems.add("segment " + segment.name() + ": its hint could not be written (" + e.getMessage()
                    + "); it will be scanned again next time");
            return null;
        }
    }

    private record SegmentHeaderCheck(String problem) {
    }

    /** Replays the records of one segment; returns the end of the last good record. */
    private long scanRecords(Segment segment, long size, boolean last) throws IOException {
        long pos = RecordFormat.SEGMENT_HEADER_BYTES;
        long goodEnd = pos;
        List<long[]> skipped = new ArrayList<>(); // {offset, length} of checksum failures
        while (pos < size) {
            if (size - pos < RecordFormat.FRAME_HEADER_BYTES) {
                if (!last) {
                    problems.add("segment " + segment.name() + " offset " + pos + ": " + (size - pos)
                            + " trailing bytes, too short for a record, ignored");
                }
                break;
            }
            fill(pos, RecordFormat.FRAME_HEADER_BYTES);
            int at = (int) (pos - windowStart);
            long length = window.getInt(at) & 0xFFFF_FFFFL;
            int storedCrc = window.getInt(at + 4);
            if (length < 1 || length > RecordFormat.MAX_RECORD_LENGTH
                    || pos + RecordFormat.FRAME_HEADER_BYTES + length > size) {
                if (!last) {
                    problems.add("segment " + segment.name() + " offset " + pos + ": implausible record length "
                            + length + ", the remaining " + (size - pos) + " bytes of the segment are unreadable");
                }
                break;
            }
            int frame = (int) (RecordFormat.FRAME_HEADER_BYTES + length);
            if (checksum(pos, frame) != storedCrc) {
                skipped.add(new long[] {pos, frame});
                pos += frame;
                continue;
            }
            recordsRead++;
            apply(segment, pos, frame);
            pos += frame;
            goodEnd = pos;
        }
        for (long[] s : skipped) {
            if (!last || s[0] < goodEnd) {
                problems.add("segment " + segment.name() + " offset " + s[0] + ": checksum mismatch, record of "
                        + s[1] + " bytes skipped");
            }
        }
        return goodEnd;
    }

    private void cut(Segment segment, long goodEnd, long size) throws IOException {
        try (FileChannel ch = log.channels.open(segment.path, StandardOpenOption.WRITE)) {
            ch.truncate(goodEnd);
            ch.force(true);
        }
        segment.size = goodEnd;
        segment.written(goodEnd);
        tornTailBytesCut += size - goodEnd;
        problems.add("segment " + segment.name() + " offset " + goodEnd + ": torn tail of " + (size - goodEnd)
                + " bytes cut (an unfinished write)");
    }

    /** Copies the bytes about to be cut from a segment's end next to it, as evidence. */
    private Path keepTail(Segment segment, long from, long size) throws IOException {
        Path aside = segment.path.resolveSibling(segment.path.getFileName() + CUT_TAIL_INFIX + from);
        try (FileChannel in = log.channels.open(segment.path, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(aside, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            long done = 0;
            while (done < size - from) {
                done += in.transferTo(from + done, size - from - done, out);
            }
            out.force(true);
        }
        return aside;
    }

    /**
     * How many PUBLISH entries of a hint end past {@code end} of its segment (0: all it lists); -1
     * when the hint cannot be read through.
     */
    private long publishesBeyond(Path hint, long end) {
        long[] n = {0};
        try (FileChannel ch = log.channels.open(hint, StandardOpenOption.READ)) {
            HintFile.replay(ch, new HintFile.Replay() {
                @Override
                public void publish(long id, String vhost, String[] queues, byte[] flags, long offset, int length) {
                    if (offset + length > end) {
                        n[0]++;
                    }
                }

                @Override
                public void queueRecord(byte type, long id, String vhost, String queue) {
                }
            });
            return n[0];
        } catch (IOException | RuntimeException unreadable) {
            return -1;
        }
    }


    /** CRC32C of a frame: its length field plus type and payload (streamed for big records). */
    private int checksum(long pos, int frame) throws IOException {
        crc.reset();
        fill(pos, 4);
        crc.update(window.duplicate().position((int) (pos - windowStart)).limit((int) (pos - windowStart) + 4));
        long from = pos + RecordFormat.FRAME_HEADER_BYTES;
        long end = pos + frame;
        while (from < end) {
            int n = (int) Math.min(end - from, WINDOW_BYTES);
            fill(from, n);
            int at = (int) (from - windowStart);
            crc.update(window.duplicate().position(at).limit(at + n));
            from += n;
        }
        return (int) crc.getValue();
    }

    private void apply(Segment segment, long pos, int frame) throws IOException {
        int prefix = Math.min(frame, WINDOW_BYTES);
        fill(pos, prefix);
        int at = (int) (pos - windowStart);
        ByteBuf b = Unpooled.wrappedBuffer(window.duplicate().position(at + RecordFormat.FRAME_HEADER_BYTES)
                .limit(at + prefix).slice());
        int type = b.readByte();
        try {
            switch (type) {
                case RecordFormat.PUBLISH -> {
                    var p = RecordFormat.decodePublish(b, true);
                    if (p.id() <= 0 || p.queues().length == 0) {
                        throw new IllegalStateException("id " + p.id() + " with " + p.queues().length + " queues");
                    }
                    hint(segment, w -> w.publish(p.id(), p.vhost(), p.queues(), p.flags(), pos, frame));
                    applyPublish(segment, p.id(), p.vhost(), p.queues(), p.flags(), pos, frame);
                }
                case RecordFormat.REMOVE, RecordFormat.DELIVERED, RecordFormat.PURGE, RecordFormat.DELETE_QUEUE -> {
                    long id = type == RecordFormat.REMOVE || type == RecordFormat.DELIVERED ? b.readLong() : 0;
                    String vhost = RecordFormat.getString(b);
                    String queue = RecordFormat.getString(b);
                    hint(segment, w -> w.queueRecord((byte) type, id, vhost, queue));
                    applyQueueRecord((byte) type, id, vhost, queue);
                }
                default -> problems.add("segment " + segment.name() + " offset " + pos + ": unknown record type " + type
                        + ", skipped");
            }
        } catch (IndexOutOfBoundsException | IllegalStateException e) {
            problems.add("segment " + segment.name() + " offset " + pos + ": malformed " + RecordFormat.typeName(type)
                    + " record (" + e.getMessage() + "), skipped");
        }
    }

    private interface HintAppend {
        void append(HintFile.Writer w) throws IOException;
    }

    /** Adds a replayed record to the hint being rebuilt; gives the hint up if that fails. */
    private void hint(Segment segment, HintAppend append) {
        if (rebuilding == null) {
            return;
        }
        try {
            append.append(rebuilding);
        } catch (IOException e) {
            rebuilding.abandon();
            rebuilding = null;
            problems.add("segment " + segment.name() + ": its hint could not be written (" + e.getMessage()
                    + "); it will be scanned again next time");
        }
    }

    /** A PUBLISH at {@code offset} of {@code segment}, from the segment or its hint. */
    private void applyPublish(Segment segment, long id, String vhost, String[] queues, byte[] flags, long offset,
                              int frame) {
        nextMessageId = Math.max(nextMessageId, id + 1);
        if (flags != null && hasTransient(flags)) {
            // paged-out transient copies die with the run that wrote them
            int kept = 0;
            for (byte f : flags) {
                kept += (f & RecordFormat.FLAG_TRANSIENT) == 0 ? 1 : 0;
            }
            String[] q2 = new String[kept];
            byte[] f2 = new byte[kept];
            for (int i = 0, j = 0; i < flags.length; i++) {
                if ((flags[i] & RecordFormat.FLAG_TRANSIENT) == 0) {
                    q2[j] = queues[i];
                    f2[j++] = flags[i];
                }
            }
            queues = q2;
            flags = f2;
        }
        if (queues.length > 0) {
            index.publish(id, vhost, queues, flags, SegmentPosition.pack(segment.sequence, offset), frame);
        }
    }

    /** REMOVE / DELIVERED / PURGE / DELETE_QUEUE, from a segment or a hint. */
    private void applyQueueRecord(byte type, long id, String vhost, String queue) {
        switch (type) {
            case RecordFormat.REMOVE -> index.remove(vhost, queue, id);
            case RecordFormat.DELIVERED -> index.delivered(vhost, queue, id);
            case RecordFormat.PURGE -> index.purge(vhost, queue);
            case RecordFormat.DELETE_QUEUE -> index.deleteQueue(vhost, queue);
            default -> throw new IllegalArgumentException("not a queue record: " + type);
        }
    }

    /** Makes the window cover file bytes {@code [pos, pos + n)} ({@code n <= WINDOW_BYTES}). */
    private void fill(long pos, int n) throws IOException {
        if (pos >= windowStart && pos + n <= windowStart + window.limit()) {
            return;
        }
        window.clear();
        windowStart = pos;
        while (window.hasRemaining()) {
            int r = channel.read(window, pos + window.position());
            if (r < 0) {
                break;
            }
        }
        window.flip();
        if (window.limit() < n) {
            throw new IOException("file shrank while reading at offset " + pos);
        }
    }

    private static boolean hasTransient(byte[] flags) {
        for (byte f : flags) {
            if ((f & RecordFormat.FLAG_TRANSIENT) != 0) {
                return true;
            }
        }
        return false;
    }
}
