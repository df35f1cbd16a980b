package io.warrenmq.amqp10.engine;

/**
 * AMQP 1.0's sequence numbers (transfer-ids, delivery-ids, delivery-counts) are 32-bit serial
 * numbers (spec 2.8.9, RFC 1982): they wrap from 2^32 - 1 to 0, and comparing or subtracting two
 * of them must go the short way round. Held here in the low 32 bits of a long.
 */
public final class Serial {
    private static final long MASK = 0xFFFF_FFFFL;

    private Serial() {
    }

    /** {@code a + n}, wrapped. */
    public static long add(long a, long n) {
        return (a + n) & MASK;
    }

    /** {@code a - b} the short way round: negative when {@code a} comes before {@code b}. */
    public static long diff(long a, long b) {
        return (int) ((a - b) & MASK);
    }
}
