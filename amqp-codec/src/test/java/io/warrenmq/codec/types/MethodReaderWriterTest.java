package io.warrenmq.codec.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.ReplyCode;
import org.junit.jupiter.api.Test;

class MethodReaderWriterTest {

    @Test
    void consecutiveBitsShareOctetsAndAnyOtherFieldStartsANewOne() {
        ByteBuf buf = Unpooled.buffer();
        MethodWriter w = new MethodWriter(buf);
        for (int i = 0; i < 9; i++) {
            w.bit(i % 2 == 0);
        }
        w.octet(7).bit(true).bit(true);
        assertArrayEquals(new byte[] {0x55, 0x01, 7, 0x03}, ByteBufUtil.getBytes(buf));

        MethodReader r = new MethodReader(buf);
        for (int i = 0; i < 9; i++) {
            assertEquals(i % 2 == 0, r.bit());
        }
        assertEquals(7, r.octet());
        assertTrue(r.bit());
        assertTrue(r.bit());
        assertFalse(r.bit() && false);
        buf.release();
    }

    @Test
    void unsignedFieldsReadBackUnsigned() {
        ByteBuf buf = Unpooled.buffer();
        new MethodWriter(buf).shortInt(65_535).longInt(4_294_967_295L).longLong(-1);
        MethodReader r = new MethodReader(buf);
        assertEquals(65_535, r.shortInt());
        assertEquals(4_294_967_295L, r.longInt());
        assertEquals(-1L, r.longLong());
        r.expectEnd();
        buf.release();
    }

    @Test
    void shortStringLongerThanTheRemainingPayloadIsASyntaxError() {
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {10, 'a', 'b'});
        AmqpException e = assertThrows(AmqpException.class, () -> new MethodReader(buf).shortString());
        assertEquals(ReplyCode.SYNTAX_ERROR, e.code());
    }

    @Test
    void longStringLengthIsCheckedBeforeAllocating() {
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1});
        AmqpException e = assertThrows(AmqpException.class, () -> new MethodReader(buf).longString());
        assertEquals(ReplyCode.SYNTAX_ERROR, e.code());
    }

    @Test
    void writingAShortStringOver255OctetsFailsInsteadOfTruncating() {
        ByteBuf buf = Unpooled.buffer();
        AmqpException e = assertThrows(AmqpException.class, () -> new MethodWriter(buf).shortString("é".repeat(128)));
        assertEquals(ReplyCode.INTERNAL_ERROR, e.code());
        new MethodWriter(buf).shortString("a".repeat(255));
        assertEquals(256, buf.readableBytes());
        buf.release();
    }

    @Test
    void trailingOctetsAreReported() {
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {1, 2});
        MethodReader r = new MethodReader(buf);
        r.octet();
        assertThrows(AmqpException.class, r::expectEnd);
    }
    @Test
    void aResetReaderStopsAtItsEndNotAtTheBuffersEnd() {
        ByteBuf buf = Unpooled.buffer();
        buf.writeByte(9); // something before the region
        new MethodWriter(buf).shortInt(7).shortString("rk");
        buf.writeBytes(new byte[] {1, 2, 3}); // something after it (the next frame)
        MethodReader r = new MethodReader((ShortStringCache) null).reset(buf, 1, 6);
        assertEquals(7, r.shortInt());
        assertEquals("rk", r.shortString());
        r.expectEnd();
        AmqpException e = assertThrows(AmqpException.class, r::octet);
        assertEquals("SYNTAX_ERROR - method fields truncated: needed 1 octets, 0 left", e.text());
        r.reset(buf, 1, 4);
        r.shortInt();
        e = assertThrows(AmqpException.class, r::shortString); // "rk" runs past the region's end
        assertEquals(ReplyCode.SYNTAX_ERROR, e.code());
        r.reset(buf, 1, 7);
        r.shortInt();
        r.shortString();
        e = assertThrows(AmqpException.class, r::expectEnd);
        assertEquals("SYNTAX_ERROR - 1 unexpected octets after the last field", e.text());
        buf.release();
    }

    @Test
    void aTableIsBoundedByTheReadersEnd() {
        ByteBuf buf = Unpooled.buffer();
        new MethodWriter(buf).table(FieldTable.of(java.util.Map.of("k", "v")));
        int tableEnd = buf.writerIndex();
        buf.writeZero(16);
        MethodReader r = new MethodReader((ShortStringCache) null).reset(buf, 0, tableEnd);
        assertEquals("v", r.table().getString("k"));
        r.expectEnd();
        // the same table declared 4 octets longer than the region: the octets after it are not the table's
        buf.setInt(0, buf.getInt(0) + 4);
        r.reset(buf, 0, tableEnd);
        AmqpException e = assertThrows(AmqpException.class, r::table);
        assertEquals(ReplyCode.SYNTAX_ERROR, e.code());
        assertEquals("SYNTAX_ERROR - table length " + tableEnd + " exceeds the " + (tableEnd - 4)
                + " remaining octets", e.text());
        buf.release();
    }

    @Test
    void aReaderWithAStringCacheReturnsTheSameStringsForTheSameBytes() {
        ByteBuf buf = Unpooled.buffer();
        new MethodWriter(buf).shortString("exchange").shortString("routing.key");
        MethodReader r = new MethodReader(new ShortStringCache());
        String exchange = r.reset(buf, 0, buf.writerIndex()).shortString();
        String key = r.shortString();
        assertEquals("routing.key", key);
        r.reset(buf, 0, buf.writerIndex());
        assertSame(exchange, r.shortString());
        assertSame(key, r.shortString());
        buf.release();
    }

    @Test
    void resetRejectsARegionOutsideTheBuffer() {
        ByteBuf buf = Unpooled.buffer().writeZero(4);
        MethodReader r = new MethodReader((ShortStringCache) null);
        assertThrows(IndexOutOfBoundsException.class, () -> r.reset(buf, 0, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> r.reset(buf, 3, 2));
        buf.release();
    }
}
