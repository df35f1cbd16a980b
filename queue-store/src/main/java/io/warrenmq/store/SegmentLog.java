package io.warrenmq.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The segment files under {@code <dir>/messages/}: naming, creation, reading a record back and
 * deletion. Segment {@code N} is named {@code %020d.seg}; sequence numbers only grow. A segment
 * that cannot be read at all is renamed {@code <name>.damaged} and left for inspection. Its hint
 * ({@code %020d.hint}, {@link HintFile}) goes with it: deleted before the segment is deleted or
 * moved aside, so a hint never outlives its segment.
 *
 * <p>Invariant (reclamation): only the oldest segment is ever deleted, and only when none of
 * its records holds a live message. Every record refers to a message stored in its own or an
 * earlier segment, so a deleted segment's REMOVE/DELIVERED/PURGE records can only concern
 * messages that are gone too: deleting never resurrects a message. Live messages in an old
 * segment are first copied forward (a PUBLISH with the same id, forced before the delete).
 *
 * <p>Thread-safety: file creation and deletion happen on the journal thread (or during
 * {@code open}); {@link #readFrame} is safe from any thread.
 */
final class SegmentLog {
    static final String SUFFIX = ".seg";
    static final String DAMAGED_SUFFIX = ".damaged";

    final Path directory;
    final ChannelFactory channels;

    SegmentLog(Path directory, ChannelFactory channels) {
        this.directory = directory;
        this.channels = channels;
    }

    Path pathOf(long sequence) {
        return directory.resolve(Segment.fileName(sequence));
    }

    Path hintPathOf(long sequence) {
        return directory.resolve(HintFile.fileName(sequence));
    }

    /** The sequence number of a segment file name, or -1 if it is not one. */
    static long sequenceOf(String fileName) {
        if (fileName.length() != 20 + SUFFIX.length() || !fileName.endsWith(SUFFIX)) {
            return -1;
        }
        for (int i = 0; i < 20; i++) {
            if (!Character.isDigit(fileName.charAt(i))) {
                return -1;
            }
        }
        return Long.parseLong(fileName.substring(0, 20));
    }

    /**
     * Creates segment {@code sequence} with its header, durable (file and directory entry)
     * before any record is acknowledged from it; returns the write channel positioned after
     * the header.
     */
    FileChannel create(long sequence, long nextMessageId) throws IOException {
        Path path = pathOf(sequence);
        FileChannel ch = channels.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            var header = RecordFormat.segmentHeader(sequence, nextMessageId);
            while (header.hasRemaining()) {
                ch.write(header);
            }
            ch.force(false);
            fsyncDirectory(directory);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Deletes a segment and its hint (the hint first: a crash in between leaves a segment without one). */
    void delete(Segment segment) throws IOException {
        Files.deleteIfExists(hintPathOf(segment.sequence));
        segment.close();
        Files.deleteIfExists(segment.path);
    }

    /** Moves an unreadable segment aside (its hint, if any, is deleted); returns the new name. */
    Path quarantine(Path path, long sequence) throws IOException {
        Files.deleteIfExists(hintPathOf(sequence));
        Path target = path.resolveSibling(path.getFileName() + DAMAGED_SUFFIX);
        Files.move(path, target, StandardCopyOption.REPLACE_EXISTING);
        fsyncDirectory(directory);
        return target;
    }

    /**
     * Reads the framed record at {@code offset} (length {@code length}, frame header included)
     * and verifies its length field and checksum. Throws {@link ClosedChannelException} if the
     * segment was deleted meanwhile (look the message up again: it may have moved).
     */
    ByteBuf readFrame(Segment segment, long offset, int length, ByteBufAllocator allocator) throws IOException {
        segment.awaitWritten(offset + length);
        ByteBuf frame = allocator.buffer(length);
        try {
            FileChannel ch = segment.reader(channels);
            while (frame.writerIndex() < length) {
                int n = frame.writeBytes(ch, offset + frame.writerIndex(), length - frame.writerIndex());
                if (n < 0) {
                    throw new EOFException(segment.name() + " ends before offset " + (offset + length));
                }
            }
            if (frame.getInt(0) != length - RecordFormat.FRAME_HEADER_BYTES) {
                throw new IOException(segment.name() + " offset " + offset + ": length field mismatch");
            }
            CRC32C crc = new CRC32C();
            crc.update(frame.nioBuffer(0, 4));
            crc.update(frame.nioBuffer(RecordFormat.FRAME_HEADER_BYTES, length - RecordFormat.FRAME_HEADER_BYTES));
            if ((int) crc.getValue() != frame.getInt(4)) {
                throw new IOException(segment.name() + " offset " + offset + ": checksum mismatch");
            }
            return frame;
        } catch (IOException | RuntimeException e) {
            frame.release();
            throw e;
        }
    }

    /** Makes a directory's entries (a created, renamed or deleted file) durable. */
    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // why: some platforms (Windows) cannot open a directory; there the rename is as durable as the OS makes it
            if (!System.getProperty("os.name", "").toLowerCase().contains("win")) {
                throw e;
            }
        }
    }
}
