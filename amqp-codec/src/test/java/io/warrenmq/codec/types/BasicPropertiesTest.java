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

    /**
     * skip (what the decoder runs on every content header) must accept, refuse and consume exactly
     * what read does: every subset of the properties, every truncation of each, and seeded random
     * byte damage.
     */
    @Test
    void skipAgreesWithReadOnEverySubsetTruncationAndDamage() {
        java.util.Random random = new java.util.Random(42);
        for (int mask = 0; mask < 1 << 14; mask += 1 + random.nextInt(97)) {
            BasicProperties p = subset(ALL, mask);
            ByteBuf encoded = Unpooled.buffer();
            p.write(encoded);
            encoded.writeBytes(new byte[] {7, 7}); // trailing bytes: neither may consume them
            byte[] bytes = ByteBufUtil.getBytes(encoded);
            for (int cut = 0; cut <= bytes.length; cut++) {
                assertSameOutcome(java.util.Arrays.copyOf(bytes, cut), "mask " + mask + " cut " + cut);
            }
            for (int n = 0; n < 20; n++) {
                byte[] damaged = bytes.clone();
                damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
                assertSameOutcome(damaged, "mask " + mask + " damage " + n);
            }
        }
    }

    private static void assertSameOutcome(byte[] bytes, String context) {
        ByteBuf forRead = Unpooled.wrappedBuffer(bytes);
        ByteBuf forSkip = Unpooled.wrappedBuffer(bytes);
        AmqpException readError = null;
        AmqpException skipError = null;
        try {
            BasicProperties.read(forRead);
        } catch (AmqpException e) {
            readError = e;
        }
        try {
            BasicProperties.skip(forSkip);
        } catch (AmqpException e) {
            skipError = e;
        }
        assertEquals(readError == null ? null : readError.text(), skipError == null ? null : skipError.text(), context);
        if (readError == null) {
            assertEquals(forRead.readerIndex(), forSkip.readerIndex(), context);
        }
    }

    /** The properties of {@code all} whose bit (0 = content-type ... 13 = cluster-id) is set in mask. */
    private static BasicProperties subset(BasicProperties all, int mask) {
        return new BasicProperties(
                (mask & 1) != 0 ? all.contentType() : null,
                (mask & 1 << 1) != 0 ? all.contentEncoding() : null,
                (mask & 1 << 2) != 0 ? all.headers() : null,
                (mask & 1 << 3) != 0 ? all.deliveryMode() : null,
                (mask & 1 << 4) != 0 ? all.priority() : null,
                (mask & 1 << 5) != 0 ? all.correlationId() : null,
                (mask & 1 << 6) != 0 ? all.replyTo() : null,
                (mask & 1 << 7) != 0 ? all.expiration() : null,
                (mask & 1 << 8) != 0 ? all.messageId() : null,
                (mask & 1 << 9) != 0 ? all.timestamp() : null,
                (mask & 1 << 10) != 0 ? all.type() : null,
                (mask & 1 << 11) != 0 ? all.userId() : null,
                (mask & 1 << 12) != 0 ? all.appId() : null,
                (mask & 1 << 13) != 0 ? all.clusterId() : null);
    }
}
