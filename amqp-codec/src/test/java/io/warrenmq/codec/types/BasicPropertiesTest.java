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
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BasicPropertiesTest {
    static final BasicProperties ALL = new BasicProperties("application/json", "gzip",
            FieldTable.of(Map.of("h", "v", "n", 1)), 2, 9, "corr", "reply", "60000", "msg-1",
            Instant.ofEpochSecond(1_700_000_000L), "type", "guest", "app", "cluster");

    @Test
    void allFourteenPropertiesRoundTrip() {
        byte[] bytes = write(ALL);
        assertEquals(0xFFFC, ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff));
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        assertEquals(ALL, BasicProperties.read(in));
        assertFalse(in.isReadable());
        assertTrue(ALL.persistent());
    }

    @Test
    void noPropertiesIsJustAZeroFlagsWord() {
        assertArrayEquals(new byte[] {0, 0}, write(BasicProperties.EMPTY));
        assertEquals(BasicProperties.EMPTY, BasicProperties.read(Unpooled.wrappedBuffer(new byte[] {0, 0})));
        assertFalse(BasicProperties.EMPTY.persistent());
    }

    @Test
    void subsetSetsOnlyItsFlagBitsAndFieldsInOrder() {
        BasicProperties p = BasicProperties.EMPTY.withDeliveryMode(1).withExpiration("5")
                .withTimestamp(Instant.ofEpochSecond(3));
        assertEquals(0x1000 | 0x0100 | 0x0040, p.flags());
        assertArrayEquals(new byte[] {0x11, 0x40, 1, 1, '5', 0, 0, 0, 0, 0, 0, 0, 3}, write(p));
        assertEquals(p, BasicProperties.read(Unpooled.wrappedBuffer(write(p))));
    }

    @Test
    void continuationWordWithoutExtraPropertiesIsAccepted() {
        byte[] bytes = {(byte) 0x80, 0x01, 0x00, 0x00, 1, 'x'};
        assertEquals("x", BasicProperties.read(Unpooled.wrappedBuffer(bytes)).contentType());
    }

    @Test
    void malformedPropertyListsAreSyntaxErrors() {
        assertSyntaxError(new byte[] {(byte) 0x80, 0, 5, 'a'}); // shortstr past the end
        assertSyntaxError(new byte[] {0x00, 0x01, 0x40, 0x00}); // continuation names unknown property
        assertSyntaxError(new byte[] {0x00}); // truncated flags
        assertSyntaxError(new byte[] {0x20, 0, 0, 0, 0, 9}); // headers table length past the end
    }

    @Test
    void copyHelpersReplaceOneProperty() {
        FieldTable h = FieldTable.of(Map.of("x-death", 1));
        assertEquals(h, ALL.withHeaders(h).headers());
        assertEquals("app", ALL.withHeaders(h).appId());
        assertEquals(null, ALL.withExpiration(null).expiration());
        assertThrows(IllegalArgumentException.class, () -> BasicProperties.EMPTY.withDeliveryMode(256));
    }

    private static void assertSyntaxError(byte[] bytes) {
        AmqpException e = assertThrows(AmqpException.class, () -> BasicProperties.read(Unpooled.wrappedBuffer(bytes)));
        assertEquals(ReplyCode.SYNTAX_ERROR, e.code());
    }

    static byte[] write(BasicProperties p) {
        ByteBuf out = Unpooled.buffer();
        p.write(out);
        byte[] bytes = ByteBufUtil.getBytes(out);
        out.release();
        return bytes;
    }
}
