package io.warrenmq.codec.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
}
