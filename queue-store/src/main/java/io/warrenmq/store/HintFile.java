package io.warrenmq.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * A segment's hint file, {@code messages/%020d.hint} (after Bitcask's hint files): the segment's
 * records in file order with the bulky parts left out, enough to rebuild the {@link StoreIndex}
 * exactly as replaying the segment would, without reading message bodies. An accelerator only:
 * recovery uses a hint when it is intact and describes the segment file as it is now, and scans
 * the segment otherwise, so a missing or damaged hint never loses data.
 *
 * <pre>
 * header (24 bytes)                      footer (20 bytes, at the end)
 *  0 u32 magic 'WRNH'                     0 u64 segment length the hint covers (its exact file size)
 *  4 u16 version (1)                      8 u64 entry count
 *  6 u16 header length (24)              16 u32 crc32c of every byte of the file before it
 *  8 u64 segment sequence
 * 16 u64 next message id from the segment's header
 *
 * entries (u8 type, then):
 *  PUBLISH (1)       u64 id, u32 offset of the record in the segment, u32 framed length,
 *                    string vhost, u16 n, n x (string queue, u8 flags)
 *  REMOVE (2), DELIVERED (3)        u64 id, string vhost, string queue   (the record's payload)
 *  PURGE (4), DELETE_QUEUE (5)      string vhost, string queue           (the record's payload)
 * </pre>
 *
 * <p>Length and count sit in a footer, not the header, so the journal can stream a hint to
 * {@code <name>.tmp} while its segment fills (memory stays one small buffer, whatever the segment
 * size) and finish it when the segment is sealed: footer, {@code force}, rename.
 *
 * <p>Invariant: an entry is appended only after its record is framed for the same segment, in
 * the same order, so a hint sealed at the segment's final length describes exactly its records.
 * Sealed segments never change (the journal starts a new segment at every open), so a hint whose
 * sequence, header bound and length match its segment is current.
 *
 * <p>Thread-safety: a {@link Writer} belongs to one thread (the journal's, or recovery's);
 * {@link #replay} is single use on the opening thread.
 */
final class HintFile {
    static final String SUFFIX = ".hint";
    static final String TMP_SUFFIX = SUFFIX + ".tmp";
    static final int MAGIC = 0x57524E48; // "WRNH"
    static final short VERSION = 1;
    static final int HEADER_BYTES = 24;
    static final int FOOTER_BYTES = 20;
    private static final int BUFFER_BYTES = 256 * 1024;

    private HintFile() {
    }

    static String fileName(long sequence) {
        return String.format("%020d%s", sequence, SUFFIX);
    }

    /** The sequence number of a hint file name, or -1 if it is not one. */
    static long sequenceOf(String fileName) {
        if (fileName.length() != 20 + SUFFIX.length() || !fileName.endsWith(SUFFIX)) {
            return -1;
        }
        return SegmentLog.sequenceOf(fileName.substring(0, 20) + SegmentLog.SUFFIX);
    }

    /** What replaying a hint applies, in the segment's record order. */
    interface Replay {
        void publish(long id, String vhost, String[] queues, byte[] flags, long offset, int frameLength);

        /** REMOVE / DELIVERED ({@code id} set) or PURGE / DELETE_QUEUE ({@code id} 0). */
        void queueRecord(byte type, long id, String vhost, String queue);
    }

    /**
     * Streams a hint to {@code <name>.tmp}; {@link #seal} makes it {@code <name>}. Entries are
     * buffered and written in 256 KiB blocks (no {@code force} until the seal).
     */
    static final class Writer {
        private final Path target;
        private final Path tmp;
        private final FileChannel channel;
        private final CRC32C crc = new CRC32C();
        private ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
        private long entries;

        private Writer(Path target, Path tmp, FileChannel channel) {
            this.target = target;
            this.tmp = tmp;
            this.channel = channel;
        }

        /** Starts the hint of segment {@code sequence} whose header holds {@code segmentNextId}. */
        static Writer create(ChannelFactory channels, Path target, long sequence, long segmentNextId)
                throws IOException {
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            FileChannel ch = channels.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            Writer w = new Writer(target, tmp, ch);
            w.buffer.putInt(MAGIC).putShort(VERSION).putShort((short) HEADER_BYTES).putLong(sequence)
                    .putLong(segmentNextId);
            return w;
        }

        long entries() {
            return entries;
        }

        /**
         * A PUBLISH at {@code offset} of the segment, the names already UTF-8 encoded (as the journal
         * keeps them); {@code flags} null means all 0.
         */
        void publish(long id, byte[] vhost, byte[][] queues, byte[] flags, long offset, int frameLength)
                throws IOException {
            long n = 1 + 8 + 4 + 4 + 2 + vhost.length + 2;
            for (byte[] q : queues) {
                n += 2 + q.length + 1;
            }
            room(n);
            buffer.put(RecordFormat.PUBLISH).putLong(id).putInt((int) offset).putInt(frameLength);
            RecordFormat.putString(buffer, vhost);
            buffer.putShort((short) queues.length);
            for (int i = 0; i < queues.length; i++) {
                RecordFormat.putString(buffer, queues[i]);
                buffer.put(flags == null ? 0 : flags[i]);
            }
            entries++;
        }

        /** As {@link #publish(long, byte[], byte[][], byte[], long, int)}, encoding the names. */
        void publish(long id, String vhost, String[] queues, byte[] flags, long offset, int frameLength)
                throws IOException {
            byte[][] queueNames = new byte[queues.length][];
            for (int i = 0; i < queues.length; i++) {
                queueNames[i] = utf8(queues[i]);
            }
            publish(id, utf8(vhost), queueNames, flags, offset, frameLength);
        }

        /** REMOVE / DELIVERED (with {@code id}) or PURGE / DELETE_QUEUE, the names already encoded. */
        void queueRecord(byte type, long id, byte[] vhost, byte[] queue) throws IOException {
            boolean withId = type == RecordFormat.REMOVE || type == RecordFormat.DELIVERED;
            room(1 + (withId ? 8 : 0) + 2 + vhost.length + 2 + queue.length);
            buffer.put(type);
            if (withId) {
                buffer.putLong(id);
            }
            RecordFormat.putString(buffer, vhost);
            RecordFormat.putString(buffer, queue);
            entries++;
        }

        void queueRecord(byte type, long id, String vhost, String queue) throws IOException {
            queueRecord(type, id, utf8(vhost), utf8(queue));
        }

        private static byte[] utf8(String name) {
            return name.getBytes(StandardCharsets.UTF_8);
        }

        /**
         * The segment is sealed at {@code segmentLength} bytes: writes the footer, forces the file
         * and renames it to its final name. The directory entry is made durable by the caller's
         * next directory fsync (the next segment's creation, or the clean-close marker); until
         * then a crash can only lose the hint, never make a wrong one current.
         */
        void seal(long segmentLength) throws IOException {
            try {
                room(FOOTER_BYTES);
                buffer.putLong(segmentLength).putLong(entries);
                flush();
                ByteBuffer checksum = ByteBuffer.allocate(4).putInt(0, (int) crc.getValue());
                while (checksum.hasRemaining()) {
                    channel.write(checksum);
                }
                channel.force(false);
                channel.close();
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                abandon();
                throw e;
            }
        }

        /** Gives the hint up: closes and deletes the temporary file (best effort). */
        void abandon() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // why: the file is deleted next; an accelerator's failure is not the store's
            }
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // why: recovery deletes stray temporary hints at the next open
            }
        }

        private void room(long n) throws IOException {
            if (buffer.remaining() >= n) {
                return;
            }
            flush();
            if (n > buffer.capacity()) {
                if (n > Integer.MAX_VALUE - 16) {
                    throw new IOException("hint entry of " + n + " bytes");
                }
                buffer = ByteBuffer.allocate((int) n); // why: a huge queue list; the next flush goes back to normal size
            } else if (buffer.capacity() > BUFFER_BYTES) {
                buffer = ByteBuffer.allocate(BUFFER_BYTES);
            }
        }

        private void flush() throws IOException {
            buffer.flip();
            crc.update(buffer.duplicate());
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            buffer.clear();
        }
    }

    /**
     * Checks the hint in {@code channel} against its segment without applying anything: the
     * checksum over the whole file, then the header and the covered length against the segment,
     * then the structure of every entry. Returns null when the hint can be {@link #replay}ed,
     * else why it cannot be trusted.
     */
    static String verify(FileChannel channel, long sequence, long segmentNextId, long segmentLength)
            throws IOException {
        long size = channel.size();
        if (size < HEADER_BYTES + FOOTER_BYTES) {
            return "truncated (" + size + " bytes)";
        }
        ByteBuffer footer = ByteBuffer.allocate(FOOTER_BYTES);
        readFully(channel, footer, size - FOOTER_BYTES);
        if (checksum(channel, size - 4) != footer.getInt(16)) {
            return "checksum mismatch";
        }
        Input in = new Input(channel, size - FOOTER_BYTES);
        String problem = checkHeader(in, sequence, segmentNextId);
        if (problem != null) {
            return problem;
        }
        long covered = footer.getLong(0);
        if (covered != segmentLength) {
            return "it covers " + covered + " bytes of the segment, which has " + segmentLength;
        }
        return walk(in, size - FOOTER_BYTES, segmentLength, footer.getLong(8), null);
    }

    /**
     * Applies a hint that {@link #verify} accepted, entry by entry in file order (nothing is
     * checked again: a hint is used whole or not at all).
     */
    static void replay(FileChannel channel, Replay replay) throws IOException {
        long end = channel.size() - FOOTER_BYTES;
        Input in = new Input(channel, end);
        in.skip(HEADER_BYTES);
        walk(in, end, Long.MAX_VALUE, -1, replay);
    }

    private static int checksum(FileChannel channel, long length) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer b = ByteBuffer.allocate(1 << 20);
        for (long pos = 0; pos < length; ) {
            b.clear().limit((int) Math.min(b.capacity(), length - pos));
            readFully(channel, b, pos);
            crc.update(b);
            pos += b.limit();
        }
        return (int) crc.getValue();
    }

    private static String checkHeader(Input in, long sequence, long segmentNextId) throws IOException {
        if (in.u32() != MAGIC) {
            return "bad magic";
        }
        int version = in.u16();
        if (version != VERSION) {
            return "unsupported version " + version;
        }
        if (in.u16() != HEADER_BYTES) {
            return "bad header length";
        }
        long seq = in.u64();
        if (seq != sequence) {
            return "it names segment " + seq;
        }
        if (in.u64() != segmentNextId) {
            return "its copy of the segment header's id bound differs";
        }
        return null;
    }

    /**
     * Reads the entries up to {@code end}: with {@code replay} null only checks their structure,
     * else applies them (after a successful check: nothing is checked again). Returns a problem,
     * or null when exactly {@code count} well-formed entries end exactly at {@code end}.
     */
    private static String walk(Input in, long end, long segmentLength, long count, Replay replay) throws IOException {
        boolean check = replay == null;
        long seen = 0;
        while (in.offset() < end) {
            long at = in.offset();
            int type = in.u8();
            if (type == RecordFormat.PUBLISH) {
                if (check && end - in.offset() < 8 + 4 + 4) {
                    return "entry at " + at + " cut short";
                }
                long id = in.u64();
                long offset = in.u32() & 0xFFFF_FFFFL;
                long frame = in.u32() & 0xFFFF_FFFFL;
                if (check && (id <= 0 || offset < RecordFormat.SEGMENT_HEADER_BYTES
                        || frame <= RecordFormat.FRAME_HEADER_BYTES
                        || frame > RecordFormat.FRAME_HEADER_BYTES + (long) RecordFormat.MAX_RECORD_LENGTH
                        || offset + frame > segmentLength)) {
                    return "entry at " + at + ": implausible PUBLISH (id " + id + ", offset " + offset + ", length "
                            + frame + ")";
                }
                String vhost = in.string(end, check, 0);
                if (check && (vhost == null || end - in.offset() < 2)) {
                    return "entry at " + at + " cut short";
                }
                int n = in.u16();
                if (check && n == 0) {
                    return "entry at " + at + ": PUBLISH without queues";
                }
                String[] queues = new String[n];
                byte[] flags = new byte[n];
                for (int i = 0; i < n; i++) {
                    queues[i] = in.string(end, check, 1 + i);
                    if (check && (queues[i] == null || end - in.offset() < 1)) {
                        return "entry at " + at + " cut short";
                    }
                    flags[i] = (byte) in.u8();
                }
                if (!check) {
                    replay.publish(id, vhost, queues, flags, offset, (int) frame);
                }
            } else if (type >= RecordFormat.REMOVE && type <= RecordFormat.DELETE_QUEUE) {
                boolean withId = type == RecordFormat.REMOVE || type == RecordFormat.DELIVERED;
                if (check && end - in.offset() < (withId ? 8 : 0)) {
                    return "entry at " + at + " cut short";
                }
                long id = withId ? in.u64() : 0;
                String vhost = in.string(end, check, 0);
                String queue = vhost == null ? null : in.string(end, check, 1);
                if (check && queue == null) {
                    return "entry at " + at + " cut short";
                }
                if (!check) {
                    replay.queueRecord((byte) type, id, vhost, queue);
                }
            } else {
                return "entry at " + at + ": unknown type " + type;
            }
            seen++;
        }
        return seen == count ? null : "its footer counts " + count + " entries, the file holds " + seen;
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) {
                throw new IOException("hint file shrank while reading");
            }
        }
        b.flip();
    }

    /**
     * Sequential big-endian reads through a 1 MiB array window. Names are decoded through a small
     * cache (why: the same few queue names repeat in every entry; reusing one {@code String}
     * saves the decoding and the allocation, and lets the index's hash maps reuse its cached hash).
     */
    private static final class Input {
        private static final int SLOTS = 8;
        private final FileChannel channel;
        private final long limit;
        private final byte[] buf = new byte[1 << 20];
        private int pos;
        private int lim;
        private long bufStart;
        /** Per call site (vhost, first queues): the last name's bytes and string. */
        private final byte[][] lastBytes = new byte[SLOTS][];
        private final String[] lastNames = new String[SLOTS];
        /** Behind those, names by a hash of their bytes (many queues interleaved). */
        private final byte[][] hashedBytes = new byte[256][];
        private final String[] hashedNames = new String[256];

        Input(FileChannel channel, long limit) {
            this.channel = channel;
            this.limit = limit;
        }

        long offset() {
            return bufStart + pos;
        }

        private void need(int n) throws IOException {
            if (lim - pos >= n) {
                return;
            }
            int kept = lim - pos;
            System.arraycopy(buf, pos, buf, 0, kept);
            bufStart += pos;
            pos = 0;
            lim = kept;
            ByteBuffer into = ByteBuffer.wrap(buf);
            while (lim < n) {
                long from = bufStart + lim;
                int want = (int) Math.min(buf.length - lim, limit - from);
                if (want <= 0) {
                    throw new IOException("hint file ends before offset " + (bufStart + n));
                }
                int r = channel.read(into.limit(lim + want).position(lim), from);
                if (r < 0) {
                    throw new IOException("hint file shrank while reading");
                }
                lim += r;
            }
        }

        void skip(int n) throws IOException {
            need(n);
            pos += n;
        }

        int u8() throws IOException {
            need(1);
            return buf[pos++] & 0xFF;
        }

        int u16() throws IOException {
            need(2);
            int v = (buf[pos] & 0xFF) << 8 | buf[pos + 1] & 0xFF;
            pos += 2;
            return v;
        }

        int u32() throws IOException {
            need(4);
            int v = (buf[pos] & 0xFF) << 24 | (buf[pos + 1] & 0xFF) << 16 | (buf[pos + 2] & 0xFF) << 8
                    | buf[pos + 3] & 0xFF;
            pos += 4;
            return v;
        }

        long u64() throws IOException {
            long hi = u32() & 0xFFFF_FFFFL;
            return hi << 32 | u32() & 0xFFFF_FFFFL;
        }

        /**
         * A string; with {@code check} only skipped (returns "" or null if it runs past
         * {@code end}). {@code site} names the call site for the name cache.
         */
        String string(long end, boolean check, int site) throws IOException {
            if (check && end - offset() < 2) {
                return null;
            }
            int n = u16();
            if (check) {
                if (end - offset() < n) {
                    return null;
                }
                skip(n);
                return "";
            }
            need(n);
            int from = pos;
            pos += n;
            int slot = Math.min(site, SLOTS - 1);
            byte[] last = lastBytes[slot];
            if (last != null && Arrays.equals(last, 0, last.length, buf, from, from + n)) {
                return lastNames[slot];
            }
            int h = n;
            for (int i = from; i < from + n; i++) {
                h = 31 * h + buf[i];
            }
            int bucket = (h ^ (h >>> 8)) & (hashedNames.length - 1);
            byte[] k = hashedBytes[bucket];
            String s;
            if (k != null && Arrays.equals(k, 0, k.length, buf, from, from + n)) {
                s = hashedNames[bucket];
            } else {
                s = new String(buf, from, n, StandardCharsets.UTF_8);
                k = Arrays.copyOfRange(buf, from, from + n);
                hashedBytes[bucket] = k;
                hashedNames[bucket] = s;
            }
            lastBytes[slot] = k;
            lastNames[slot] = s;
            return s;
        }
    }
}
