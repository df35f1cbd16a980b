package io.warrenmq.codec.types;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The strings of the shortstrs one connection sent lately, keyed by their bytes: decoding the same
 * bytes again returns the same {@link String} instead of a new one.
 *
 * <p>why: a publisher names the same exchange and routing key in every {@code basic.publish}; decoding
 * them afresh cost a {@code String} and its {@code byte[]} per name per message. The same instances
 * then reach the deliveries, where {@link EncodedShortStrings} recognises them.
 *
 * <p>Direct-mapped: {@link #SLOTS} slots chosen by a hash of the bytes, each holding one copy of the bytes
 * and their string; a miss decodes and replaces the slot. A hit returns exactly what decoding would:
 * UTF-8 decoding is a function of the bytes, malformed sequences (decoded to U+FFFD) included. Strings
 * longer than {@link #MAX_CACHED_LENGTH} octets are decoded every time (why: they are rare as names, and
 * caching them would let one connection pin several KB).
 *
 * <p>Thread-safety: not thread-safe; one per connection, used on its event loop.
 */
public final class ShortStringCache {
    static final int SLOTS = 8;
    static final int MAX_CACHED_LENGTH = 128;

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] strings = new String[SLOTS];
    private final byte[] scratch = new byte[MAX_CACHED_LENGTH];

    /** The UTF-8 string in {@code buf[index, index + length)}; the buffer's indexes are not changed. */
    public String decode(ByteBuf buf, int index, int length) {
        if (length == 0) {
            return "";
        }
        if (length > MAX_CACHED_LENGTH) {
            return buf.toString(index, length, StandardCharsets.UTF_8);
        }
        byte[] bytes = scratch;
        buf.getBytes(index, bytes, 0, length);
        int slot = slot(bytes, length);
        byte[] key = keys[slot];
        if (key != null && Arrays.equals(key, 0, key.length, bytes, 0, length)) {
            return strings[slot];
        }
        String s = new String(bytes, 0, length, StandardCharsets.UTF_8);
        keys[slot] = Arrays.copyOf(bytes, length);
        strings[slot] = s;
        return s;
    }

    private static int slot(byte[] bytes, int length) {
        int h = length;
        for (int i = 0; i < length; i++) {
            h = 31 * h + bytes[i];
        }
        return (h ^ (h >>> 16)) & (SLOTS - 1);
    }
}
