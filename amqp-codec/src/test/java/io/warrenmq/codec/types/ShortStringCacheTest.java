package io.warrenmq.codec.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShortStringCacheTest {
    private final ShortStringCache cache = new ShortStringCache();

    /** A direct buffer holding {@code bytes} after two octets of something else, as in a frame. */
    private static ByteBuf framed(byte[] bytes) {
        return Unpooled.directBuffer().writeShort(0x0102).writeBytes(bytes);
    }

    private String decode(byte[] bytes) {
        ByteBuf buf = framed(bytes);
        try {
            return cache.decode(buf, 2, bytes.length);
        } finally {
            buf.release();
        }
    }

    @Test
    void equalBytesGiveTheSameString() {
        String first = decode("orders.created".getBytes(StandardCharsets.UTF_8));
        String second = decode("orders.created".getBytes(StandardCharsets.UTF_8));
        assertEquals("orders.created", first);
        assertSame(first, second);
    }

    @Test
    void differentBytesGiveADifferentString() {
        String a = decode("orders.created".getBytes(StandardCharsets.UTF_8));
        String b = decode("orders.deleted".getBytes(StandardCharsets.UTF_8));
        assertEquals("orders.deleted", b);
        assertEquals("orders.created", decode("orders.created".getBytes(StandardCharsets.UTF_8)));
        assertNotSame(a, b);
    }

    @Test
    void nonAsciiAndMalformedUtf8DecodeAsWithoutTheCache() {
        byte[][] samples = {
                "clé.été".getBytes(StandardCharsets.UTF_8),
                "队列".getBytes(StandardCharsets.UTF_8),
                {(byte) 0xC3, (byte) 0x28, 'a'}, // invalid continuation octet
                {(byte) 0xE2, (byte) 0x82}, // truncated sequence
                {(byte) 0xFF},
        };
        for (byte[] s : samples) {
            String expected = LosslessUtf8.decode(s, 0, s.length); // malformed octets escaped, not U+FFFD
            assertEquals(expected, decode(s));
            assertSame(decode(s), decode(s), expected);
        }
    }

    @Test
    void emptyIsTheEmptyString() {
        assertSame("", decode(new byte[0]));
    }

    @Test
    void stringsUpToTheLimitAreCachedLongerOnesAreDecodedEachTime() {
        byte[] atLimit = "a".repeat(ShortStringCache.MAX_CACHED_LENGTH).getBytes(StandardCharsets.US_ASCII);
        assertSame(decode(atLimit), decode(atLimit));
        byte[] longest = "b".repeat(255).getBytes(StandardCharsets.US_ASCII);
        String first = decode(longest);
        assertEquals("b".repeat(255), first);
        assertNotSame(first, decode(longest));
    }

    @Test
    void theBufferIsNotMoved() {
        ByteBuf buf = framed("rk".getBytes(StandardCharsets.US_ASCII));
        cache.decode(buf, 2, 2);
        assertEquals(0, buf.readerIndex());
        assertEquals(4, buf.writerIndex());
        buf.release();
    }

    @Test
    void asManyNamesAsSlotsUsedInRotationAllKeepTheirStrings() {
        String[] first = new String[ShortStringCache.SLOTS];
        for (int i = 0; i < first.length; i++) {
            first[i] = decode(("rk." + i).getBytes(StandardCharsets.US_ASCII));
        }
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < first.length; i++) {
                assertSame(first[i], decode(("rk." + i).getBytes(StandardCharsets.US_ASCII)));
            }
        }
    }

    /** More distinct strings than slots, in random order: every answer is still the right string. */
    @Test
    void moreNamesThanSlotsAreAlwaysDecodedRight() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String[] names = new String[ShortStringCache.SLOTS * 5];
        for (int i = 0; i < names.length; i++) {
            names[i] = "queue-" + i + (i % 3 == 0 ? "-é" : "");
        }
        for (int i = 0; i < 10_000; i++) {
            String name = names[random.nextInt(names.length)];
            assertEquals(name, decode(name.getBytes(StandardCharsets.UTF_8)), "seed " + seed);
        }
    }
}
