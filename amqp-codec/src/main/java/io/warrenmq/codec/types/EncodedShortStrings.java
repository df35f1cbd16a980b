package io.warrenmq.codec.types;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * The wire form (length octet and UTF-8 octets) of the shortstrs one connection wrote lately, keyed by
 * the string: writing the same string again copies its bytes instead of encoding it.
 *
 * <p>why: every {@code basic.deliver} repeats the consumer tag and, message after message, the same
 * exchange and routing key (often the very instances {@link ShortStringCache} kept for the publisher);
 * each cost a UTF-8 length scan and an encode per delivery.
 *
 * <p>A handful of {@link #SLOTS} entries searched in turn with {@code equals} (identity first) and
 * replaced round-robin, as in {@link ShortStringCache}; the bytes written are always those of the string.
 * A miss writes as {@link MethodWriter#shortString} does (same error above 255 octets) and keeps a copy of
 * what it wrote, unless that is longer than {@link #MAX_CACHED_LENGTH} octets.
 *
 * <p>Thread-safety: not thread-safe; one per connection, used on its event loop.
 */
public final class EncodedShortStrings {
    static final int SLOTS = 8;
    static final int MAX_CACHED_LENGTH = 128;

    private final String[] strings = new String[SLOTS];
    private final byte[][] encoded = new byte[SLOTS][];
    private int next;

    /** Writes {@code value} as a shortstr; {@code null} is written as the empty string. */
    public void write(ByteBuf out, String value) {
        if (value == null || value.isEmpty()) {
            out.writeByte(0);
            return;
        }
        for (int i = 0; i < SLOTS; i++) {
            if (value.equals(strings[i])) {
                out.writeBytes(encoded[i]);
                return;
            }
        }
        int start = out.writerIndex();
        MethodWriter.writeShortString(out, value);
        int written = out.writerIndex() - start;
        if (written <= MAX_CACHED_LENGTH + 1) {
            strings[next] = value;
            encoded[next] = ByteBufUtil.getBytes(out, start, written);
            next = (next + 1) % SLOTS;
        }
    }
}
