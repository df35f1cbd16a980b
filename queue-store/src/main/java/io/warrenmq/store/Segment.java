package io.warrenmq.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One segment file: {@code messages/<20-digit sequence>.seg}. Sealed segments are immutable;
 * only the journal thread appends to the newest one.
 *
 * <p>Thread-safety: {@code size} and {@code compactCursor} belong to the journal thread; the
 * live counters are guarded by {@link StoreIndex}; the read channel and {@code writtenEnd} are
 * safe from any thread.
 */
final class Segment {
    final long sequence;
    final Path path;
    /** Logical end: everything framed for this file, written or still in the journal's buffer. */
    long size;
    /** Records of this segment still holding a live message, and their bytes (guarded by the index). */
    int liveMessages;
    long liveBytes;
    /** Next offset the compactor looks at. */
    long compactCursor = RecordFormat.SEGMENT_HEADER_BYTES;

    private volatile long writtenEnd;
    private FileChannel reader;
    private boolean closed;

    Segment(long sequence, Path path, long size) {
        this.sequence = sequence;
        this.path = path;
        this.size = size;
        this.writtenEnd = size;
    }

    static String fileName(long sequence) {
        return String.format("%020d.seg", sequence);
    }

    String name() {
        return path.getFileName().toString();
    }

    /** The journal handed bytes up to {@code end} to the OS: readers may now see them. */
    synchronized void written(long end) {
        writtenEnd = end;
        notifyAll();
    }

    /** Blocks until bytes up to {@code end} are readable (a read racing the journal's buffer). */
    void awaitWritten(long end) throws IOException {
        if (writtenEnd >= end) {
            return;
        }
        synchronized (this) {
            while (writtenEnd < end) {
                if (closed) {
                    throw new IOException("segment " + name() + " closed before offset " + end + " was written");
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted waiting for the journal");
                }
            }
        }
    }

    /**
     * A read-only channel shared by readers (why: separate from the journal's write channel, so
     * a reader interrupted mid-read, which closes its channel, never breaks the writer; a closed
     * reader is reopened on the next call).
     */
    synchronized FileChannel reader(ChannelFactory factory) throws IOException {
        if (closed) {
            throw new java.nio.channels.ClosedChannelException();
        }
        if (reader == null || !reader.isOpen()) {
            reader = factory.open(path, StandardOpenOption.READ);
        }
        return reader;
    }

    /** No more reads (the segment is being deleted, or the store closes); wakes waiting readers. */
    synchronized void close() {
        closed = true;
        notifyAll();
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException ignored) {
                // why: closing a read-only channel loses nothing
            }
            reader = null;
        }
    }

    @Override
    public String toString() {
        return name() + "[size " + size + ", live " + liveMessages + "]";
    }
}
