package io.warrenmq.codec.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LosslessUtf8Test {
    private static String decode(byte[] bytes) {
        return LosslessUtf8.decode(Unpooled.wrappedBuffer(bytes), 0, bytes.length);
    }

    private static byte[] encode(String s) {
        ByteBuf buf = Unpooled.buffer();
        int written = LosslessUtf8.write(buf, s);
        assertEquals(written, LosslessUtf8.encodedLength(s), "encodedLength agrees with write");
        return ByteBufUtil.getBytes(buf);
    }

    @Test
    void differentInvalidOctetsAreDifferentStrings() {
        String a = decode(new byte[] {'q', (byte) 0xFF});
        String b = decode(new byte[] {'q', (byte) 0xFE});
        assertNotEquals(a, b);
        assertTrue(LosslessUtf8.hasEscapes(a));
        assertEquals("q\\xFF", LosslessUtf8.printable(a));
    }

    @Test
    void validUtf8IsDecodedAsUsualAndHasNoEscapes() {
        String s = "caf\u00e9 \ud83d\ude00 \ufffd";
        String decoded = decode(s.getBytes(StandardCharsets.UTF_8));
        assertEquals(s, decoded);
        assertFalse(LosslessUtf8.hasEscapes(decoded));
        // U+10080 is the pair D800 DC80: its low half is not an escape
        String pair = new String(Character.toChars(0x10080));
        assertFalse(LosslessUtf8.hasEscapes(pair));
        assertArrayEquals(pair.getBytes(StandardCharsets.UTF_8), encode(pair));
    }

    /** Any octets at all come back as themselves, through both decoders (buffer and array). */
    @Test
    void anyOctetsRoundTrip() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            if (random.nextBoolean()) { // mostly-valid text with a few bad octets
                byte[] text = ("n\u00e9-" + i).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(text, 0, bytes, 0, Math.min(text.length, bytes.length));
            }
            String viaBuffer = decode(bytes);
            assertEquals(viaBuffer, LosslessUtf8.decode(bytes, 0, bytes.length), "seed " + seed);
            assertArrayEquals(bytes, encode(viaBuffer), "seed " + seed);
        }
    }

    @Test
    void aShortstrOf255InvalidOctetsReadsAndWritesAs255Octets() {
        byte[] name = new byte[255];
        java.util.Arrays.fill(name, (byte) 0xC3); // a lead octet with no continuation: all malformed
        ByteBuf wire = Unpooled.buffer().writeByte(255).writeBytes(name);
        String read = new MethodReader(new ShortStringCache()).reset(wire, 0, wire.writerIndex()).shortString();
        ByteBuf out = Unpooled.buffer();
        new MethodWriter(out, new EncodedShortStrings()).shortString(read);
        assertArrayEquals(ByteBufUtil.getBytes(wire, 0, wire.writerIndex()), ByteBufUtil.getBytes(out));
    }

    @Test
    void fieldNamesAreLosslessToo() {
        ByteBuf table = Unpooled.buffer();
        table.writeInt(4).writeByte(2).writeByte('k').writeByte(0xFF).writeByte('V');
        FieldTable read = FieldTable.read(table);
        ByteBuf out = Unpooled.buffer();
        read.write(out);
        assertArrayEquals(new byte[] {0, 0, 0, 4, 2, 'k', (byte) 0xFF, 'V'}, ByteBufUtil.getBytes(out));
    }
}
