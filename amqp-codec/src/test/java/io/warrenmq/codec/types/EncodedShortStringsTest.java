package io.warrenmq.codec.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.ReplyCode;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EncodedShortStringsTest {
    private final EncodedShortStrings cache = new EncodedShortStrings();

    /** What MethodWriter writes without a cache: the reference. */
    private static byte[] plain(String s) {
        ByteBuf out = Unpooled.buffer();
        MethodWriter.writeShortString(out, s);
        byte[] bytes = ByteBufUtil.getBytes(out);
        out.release();
        return bytes;
    }

    private byte[] cached(String s) {
        ByteBuf out = Unpooled.buffer();
        out.writeByte(7); // something already in the buffer
        cache.write(out, s);
        byte[] bytes = ByteBufUtil.getBytes(out, 1, out.readableBytes() - 1);
        out.release();
        return bytes;
    }

    @Test
    void writesWhatMethodWriterWritesFirstTimeAndAfter() {
        for (String s : new String[] {"bench.queue", "", "amq.ctag-1", "clé.été", "队列", "\uD800 lone surrogate",
                "a".repeat(EncodedShortStrings.MAX_CACHED_LENGTH), "b".repeat(255)}) {
            assertArrayEquals(plain(s), cached(s), s);
            assertArrayEquals(plain(s), cached(s), s);
            assertArrayEquals(plain(s), cached(new String(s)), "an equal string, another instance: " + s);
        }
    }

    @Test
    void nullIsTheEmptyString() {
        assertArrayEquals(new byte[] {0}, cached(null));
    }

    @Test
    void aStringOver255OctetsFailsAsWithoutTheCacheAndWritesNothing() {
        ByteBuf out = Unpooled.buffer();
        AmqpException e = assertThrows(AmqpException.class, () -> cache.write(out, "é".repeat(128)));
        assertEquals(ReplyCode.INTERNAL_ERROR, e.code());
        out.release();
    }

    /** More distinct strings than slots, in random order: every write is still the right bytes. */
    @Test
    void moreNamesThanSlotsAreAlwaysWrittenRight() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String[] names = new String[EncodedShortStrings.SLOTS * 5];
        for (int i = 0; i < names.length; i++) {
            names[i] = "rk." + i + (i % 3 == 0 ? ".é" : "");
        }
        for (int i = 0; i < 10_000; i++) {
            String name = names[random.nextInt(names.length)];
            assertArrayEquals(plain(name), cached(name), "seed " + seed);
        }
    }
}
