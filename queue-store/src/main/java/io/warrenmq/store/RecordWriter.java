package io.warrenmq.store;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Frames records into one direct buffer and writes a batch of them with one gathering
 * {@code write} (why: one syscall per batch, not per record). Payloads above
 * {@link #COPY_LIMIT} are not copied: their own buffers join the gather list between two
 * regions of the direct buffer, and the writer holds a reference on them until written.
 *
 * <p>A record is {@link #begin begun}, filled with the {@code put} methods (which keep the
 * running CRC32C) and {@link #end ended}; {@link #writeTo} must only be called between records.
 *
 * <p>Thread-safety: none; owned by the journal thread.
 */
final class RecordWriter {
    static final int COPY_LIMIT = 16 * 1024;

    private ByteBuffer buffer;
    /** A second view of {@link #buffer}'s memory, repositioned for each read (why: no duplicate per record). */
    private ByteBuffer view;
    private int regionStart;
    private ByteBuffer[] gather = new ByteBuffer[16];
    private int gatherCount;
    private long pendingBytes;
    private final ArrayList<ByteBuf> held = new ArrayList<>();
    private final CRC32C crc = new CRC32C();
    private int recordStart;
    private int crcFrom;

    RecordWriter(int capacity) {
        buffer = ByteBuffer.allocateDirect(capacity);
        view = buffer.duplicate();
    }

    /** Bytes framed but not yet written. */
    long pendingBytes() {
        return pendingBytes;
    }

    /** Whether a record whose copied part is {@code copiedBytes} fits without writing first. */
    boolean fits(int copiedBytes) {
        return buffer.remaining() >= copiedBytes;
    }

    /** Grows the buffer for an unusually large copied part; only when nothing is pending. */
    void ensureCapacity(int copiedBytes) {
        if (copiedBytes > buffer.capacity()) {
            assert pendingBytes == 0;
            buffer = ByteBuffer.allocateDirect(Integer.highestOneBit(copiedBytes - 1) << 1);
            view = buffer.duplicate();
            regionStart = 0;
        }
    }

    /** Starts a record of frame length {@code length} (type byte plus payload). */
    void begin(int length, byte type) {
        recordStart = buffer.position();
        buffer.putInt(length).putInt(0);
        crc.reset();
        crc.update(view(recordStart, recordStart + 4));
        crcFrom = buffer.position();
        buffer.put(type);
        pendingBytes += RecordFormat.FRAME_HEADER_BYTES + (long) length;
    }

    void putByte(int v) {
        buffer.put((byte) v);
    }

    void putShort(int v) {
        buffer.putShort((short) v);
    }

    void putInt(int v) {
        buffer.putInt(v);
    }

    void putLong(long v) {
        buffer.putLong(v);
    }

    void putString(String s, int utf8Length) {
        RecordFormat.putString(buffer, s, utf8Length);
    }

    /** A string already encoded (a name from {@link EncodedNames}). */
    void putString(byte[] utf8) {
        RecordFormat.putString(buffer, utf8);
    }

    /** Appends {@code length} bytes of {@code src} from {@code index}, copied or by reference. */
    void putBytes(ByteBuf src, int index, int length) {
        if (length <= COPY_LIMIT) {
            src.getBytes(index, view(buffer.position(), buffer.position() + length));
            buffer.position(buffer.position() + length);
            return;
        }
        checksumCopied();
        closeRegion();
        for (ByteBuffer part : src.nioBuffers(index, length)) {
            crc.update(part.duplicate());
            addGather(part);
        }
        held.add(src.retain());
    }

    /** Finishes the record: stores its checksum. */
    void end() {
        checksumCopied();
        buffer.putInt(recordStart + 4, (int) crc.getValue());
    }

    /** Writes everything pending to {@code channel} (at its current position). */
    void writeTo(FileChannel channel) throws IOException {
        closeRegion();
        try {
            int first = 0;
            while (first < gatherCount) {
                channel.write(gather, first, gatherCount - first);
                while (first < gatherCount && !gather[first].hasRemaining()) {
                    first++;
                }
            }
        } finally {
            reset();
        }
    }

    /** Drops everything pending (after a failure). */
    void reset() {
        Arrays.fill(gather, 0, gatherCount, null);
        gatherCount = 0;
        buffer.clear();
        regionStart = 0;
        pendingBytes = 0;
        for (ByteBuf b : held) {
            b.release();
        }
        held.clear();
    }

    private void checksumCopied() {
        int end = buffer.position();
        if (end > crcFrom) {
            crc.update(view(crcFrom, end));
        }
        crcFrom = end;
    }

    private void closeRegion() {
        int end = buffer.position();
        if (end > regionStart) {
            addGather(buffer.duplicate().position(regionStart).limit(end).slice());
            regionStart = end;
        }
    }

    /** {@link #view} over {@code [from, to)} of the buffer. */
    private ByteBuffer view(int from, int to) {
        return view.limit(to).position(from);
    }

    private void addGather(ByteBuffer b) {
        if (gatherCount == gather.length) {
            gather = Arrays.copyOf(gather, gatherCount * 2);
        }
        gather[gatherCount++] = b;
    }
}
