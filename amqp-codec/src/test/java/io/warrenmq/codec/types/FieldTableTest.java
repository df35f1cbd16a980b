package io.warrenmq.codec.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.ReplyCode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldTableTest {

    /** Hand-assembled wire bytes holding every tag once, in tag order t b B s u I i l f d D S x A T F V. */
    private static byte[] everyTypeOnTheWire() {
        ByteBuf b = Unpooled.buffer();
        b.writeInt(0);
        field(b, "t").writeByte('t').writeByte(1);
        field(b, "b").writeByte('b').writeByte(-5);
        field(b, "B").writeByte('B').writeByte(250);
        field(b, "s").writeByte('s').writeShort(-300);
        field(b, "u").writeByte('u').writeShort(65_000);
        field(b, "I").writeByte('I').writeInt(-70_000);
        field(b, "i").writeByte('i').writeInt((int) 4_000_000_000L);
        field(b, "l").writeByte('l').writeLong(Long.MIN_VALUE);
        field(b, "f").writeByte('f').writeFloat(1.5f);
        field(b, "d").writeByte('d').writeDouble(-2.25);
        field(b, "D").writeByte('D').writeByte(2).writeInt(-1234);
        field(b, "S").writeByte('S').writeInt(4).writeBytes("héj".getBytes(StandardCharsets.UTF_8));
        field(b, "x").writeByte('x').writeInt(3).writeBytes(new byte[] {0, (byte) 0xff, 7});
        field(b, "A").writeByte('A').writeInt(8).writeByte('I').writeInt(9).writeByte('V').writeByte('t').writeByte(0);
        field(b, "T").writeByte('T').writeLong(1_700_000_000L);
        field(b, "F").writeByte('F').writeInt(5).writeByte(1).writeByte('k').writeByte('s').writeShort(2);
        field(b, "V").writeByte('V');
        b.setInt(0, b.readableBytes() - 4);
        byte[] bytes = ByteBufUtil.getBytes(b);
        b.release();
        return bytes;
    }

    private static ByteBuf field(ByteBuf b, String name) {
        return b.writeByte(name.length()).writeBytes(name.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void everyTypeDecodesToItsJavaTypeAndReencodesByteExactly() {
        byte[] wire = everyTypeOnTheWire();
        ByteBuf in = Unpooled.wrappedBuffer(wire);
        FieldTable t = FieldTable.read(in);
        assertEquals(0, in.readableBytes());
        assertEquals(Boolean.TRUE, t.get("t"));
        assertEquals((byte) -5, t.get("b"));
        assertEquals(new FieldValues.UnsignedByte(250), t.get("B"));
        assertEquals((short) -300, t.get("s"));
        assertEquals(new FieldValues.UnsignedShort(65_000), t.get("u"));
        assertEquals(-70_000, t.get("I"));
        assertEquals(new FieldValues.UnsignedInt(4_000_000_000L), t.get("i"));
        assertEquals(Long.MIN_VALUE, t.get("l"));
        assertEquals(1.5f, t.get("f"));
        assertEquals(-2.25, t.get("d"));
        assertEquals(new BigDecimal("-12.34"), t.get("D"));
        assertEquals("héj", t.get("S"));
        assertArrayEquals(new byte[] {0, (byte) 0xff, 7}, (byte[]) t.get("x"));
        assertEquals(Arrays.asList(9, null, false), t.get("A"));
        assertEquals(Instant.ofEpochSecond(1_700_000_000L), t.get("T"));
        FieldTable inner = t.getTable("F");
        assertEquals((short) 2, inner.get("k"));
        assertTrue(t.containsKey("V"));
        assertNull(t.get("V"));
        assertEquals(List.of("t", "b", "B", "s", "u", "I", "i", "l", "f", "d", "D", "S", "x", "A", "T", "F", "V"),
                List.copyOf(t.keys()));

        assertArrayEquals(wire, write(t));
    }

    @Test
    void javaValuesEncodeToTheDocumentedTags() {
        FieldTable t = FieldTable.of(Map.of("k", "v")).with("bytes", new byte[] {1}).with("map", Map.of("a", 1L));
        ByteBuf in = Unpooled.wrappedBuffer(write(t));
        FieldTable back = FieldTable.read(in);
        assertEquals(t, back);
        assertInstanceOf(FieldTable.class, back.get("map"));
        assertInstanceOf(byte[].class, back.get("bytes"));
    }

    @Test
    void longStringThatIsNotUtf8IsKeptAsBytes() {
        ByteBuf b = Unpooled.buffer();
        b.writeInt(0);
        field(b, "bad").writeByte('S').writeInt(2).writeByte(0xC3).writeByte(0x28);
        b.setInt(0, b.readableBytes() - 4);
        FieldTable t = FieldTable.read(b);
        b.release();
        assertArrayEquals(new byte[] {(byte) 0xC3, 0x28}, (byte[]) t.get("bad"));
    }

    @Test
    void equalityIsByValueIncludingBytesNestedListsAndTablesButNotKeyOrder() {
        Map<String, Object> m1 = new LinkedHashMap<>();
        m1.put("a", new byte[] {1, 2});
        m1.put("b", List.of(List.of(new byte[] {3}), Map.of("x", 1)));
        Map<String, Object> m2 = new LinkedHashMap<>();
        m2.put("b", List.of(List.of(new byte[] {3}), Map.of("x", 1)));
        m2.put("a", new byte[] {1, 2});
        assertEquals(FieldTable.of(m1), FieldTable.of(m2));
        assertEquals(FieldTable.of(m1).hashCode(), FieldTable.of(m2).hashCode());
        assertNotEquals(FieldTable.of(m1), FieldTable.of(m1).with("a", new byte[] {1, 3}));
        assertNotEquals(FieldTable.of(Map.of("n", 1)), FieldTable.of(Map.of("n", 1L)));
    }

    @Test
    void typedHelpersWidenIntegersAndIgnoreOtherTypes() {
        FieldTable t = FieldTable.EMPTY.with("i", 5).with("u", new FieldValues.UnsignedInt(7)).with("s", "str")
                .with("b", true).with("t", FieldTable.EMPTY).with("y", (byte) -1);
        assertEquals(5L, t.getLong("i"));
        assertEquals(7L, t.getLong("u"));
        assertEquals(-1L, t.getLong("y"));
        assertNull(t.getLong("s"));
        assertEquals("str", t.getString("s"));
        assertNull(t.getString("i"));
        assertEquals(Boolean.TRUE, t.getBoolean("b"));
        assertEquals(FieldTable.EMPTY, t.getTable("t"));
        assertEquals(6, t.size());
        assertThrows(UnsupportedOperationException.class, () -> t.asMap().put("x", 1));
        assertEquals(5, t.without("i").size());
    }

    @Test
    void unsupportedJavaValuesAreRejectedWhenBuilt() {
        assertThrows(IllegalArgumentException.class, () -> FieldTable.EMPTY.with("x", new Object()));
        assertThrows(IllegalArgumentException.class, () -> FieldTable.EMPTY.with("x", new BigDecimal("1e400")));
    }

    @Test
    void unknownTagIsASyntaxError() {
        assertSyntaxError(new byte[] {0, 0, 0, 3, 1, 'k', 'Z'});
    }

    @Test
    void lengthsPastTheEndAreSyntaxErrorsWithoutAllocating() {
        assertSyntaxError(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 'k'});
        assertSyntaxError(new byte[] {0, 0, 0, 7, 1, 'k', 'x', 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        assertSyntaxError(new byte[] {0, 0, 0, 3, 9, 'k', 'V'});
        assertSyntaxError(new byte[] {0, 0, 0, 4, 1, 'k', 'l', 0});
        assertSyntaxError(new byte[] {0, 0});
    }

    @Test
    void deeplyNestedInputIsRejectedInsteadOfOverflowingTheStack() {
        assertSyntaxError(nested(FieldCodec.MAX_DEPTH + 50));
        FieldTable ok = FieldTable.read(Unpooled.wrappedBuffer(nested(50)));
        assertTrue(ok.containsKey("k"));
    }

    private static byte[] nested(int depth) {
        // innermost: empty table; each level wraps it as field "k" of type 'F'
        byte[] inner = {0, 0, 0, 0};
        for (int i = 0; i < depth; i++) {
            ByteBuf b = Unpooled.buffer();
            b.writeInt(3 + inner.length).writeByte(1).writeByte('k').writeByte('F').writeBytes(inner);
            inner = ByteBufUtil.getBytes(b);
            b.release();
        }
        return inner;
    }

    private static void assertSyntaxError(byte[] bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        AmqpException e = assertThrows(AmqpException.class, () -> FieldTable.read(in));
        assertEquals(ReplyCode.SYNTAX_ERROR, e.code());
    }

    private static byte[] write(FieldTable t) {
        ByteBuf out = Unpooled.buffer();
        t.write(out);
        byte[] bytes = ByteBufUtil.getBytes(out);
        out.release();
        return bytes;
    }
}
