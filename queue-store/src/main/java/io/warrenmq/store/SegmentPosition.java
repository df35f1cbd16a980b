package io.warrenmq.store;

/**
 * Where a record starts: segment sequence number and byte offset in that file, with the
 * record's framed length. Packed into one {@code long} in the index (sequence in the high 32
 * bits, offset in the low 32: segments are at most 1 GiB plus one record, under 4 GiB).
 *
 * <p>Thread-safety: immutable.
 */
record SegmentPosition(long segment, long offset, int length) {

    static long pack(long segment, long offset) {
        return (segment << 32) | offset;
    }

    static long segmentOf(long packed) {
        return packed >>> 32;
    }

    static long offsetOf(long packed) {
        return packed & 0xFFFF_FFFFL;
    }

    long end() {
        return offset + length;
    }
}
