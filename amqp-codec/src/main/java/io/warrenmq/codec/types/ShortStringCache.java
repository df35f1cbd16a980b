package io.warrenmq.codec.types;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * The strings of the shortstrs one connection sent lately, keyed by their bytes: decoding the same
 * bytes again returns the same {@link String} instead of a new one.
 *
 * <p>why: a publisher names the same exchange and routing key in every {@code basic.publish}; decoding
 * them afresh cost a {@code String} and its {@code byte[]} per name per message. The same instances
 * then reach the deliveries, where {@link EncodedShortStrings} recognises them.
 *
 * <p>A handful of {@link #SLOTS} entries, each a copy of the bytes and their string, searched in turn and
 * replaced round-robin: any few names used in rotation keep hitting (a hash-indexed table could have two
 * of them evict each other for good). A hit returns exactly what decoding would: UTF-8 decoding is a
 * function of the bytes, malformed sequences (escaped, {@link LosslessUtf8}) included. Strings longer than
 * {@link #MAX_CACHED_LENGTH} octets are decoded every time (why: they are rare as names, and caching them
 * would let one connection pin several KB).
 *
 * <p>Thread-safety: not thread-safe; one per connection, used on its event loop.
 */
public final class ShortStringCache {
    static final int SLOTS = 8;
    static final int MAX_CACHED_LENGTH = 128;

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] strings = new String[SLOTS];
    private final byte[] scratch = new byte[MAX_CACHED_LENGTH];
    private int next;

    /** The UTF-8 string in {@code buf[index, index + length)}; the buffer's indexes are not changed. */
    public String decode(ByteBuf buf, int index, int length) {
        if (length == 0) {
            return "";
        }
        if (length > MAX_CACHED_LENGTH) {
            return LosslessUtf8.decode(buf, index, length);
        }
        byte[] bytes = scratch;
        buf.getBytes(index, bytes, 0, length);
        for (int i = 0; i < SLOTS; i++) {
            byte[] key = keys[i];
            if (key != null && key.length == length && Arrays.equals(key, 0, length, bytes, 0, length)) {
                return strings[i];
            }
        }
        String s = LosslessUtf8.decode(bytes, 0, length);
        keys[next] = Arrays.copyOf(bytes, length);
        strings[next] = s;
        next = (next + 1) % SLOTS;
        return s;
    }
}
