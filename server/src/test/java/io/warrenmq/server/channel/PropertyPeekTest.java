package io.warrenmq.server.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warrenmq.codec.types.BasicProperties;
import io.warrenmq.codec.types.FieldTable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** delivery-mode read straight from the raw property block, whatever precedes it. */
class PropertyPeekTest {
    private static final FieldTable HEADERS = FieldTable.of(Map.of(
            "x-string", "value", "x-nested", FieldTable.of(Map.of("n", 1L)), "x-list", List.of(1, "two")));

    private static int peek(BasicProperties props) {
        ByteBuf raw = Unpooled.buffer();
        try {
            props.write(raw);
            raw.readerIndex(0);
            int before = raw.readerIndex();
            int mode = PropertyPeek.deliveryMode(raw);
            assertEquals(before, raw.readerIndex(), "peek must not move the reader index");
            return mode;
        } finally {
            raw.release();
        }
    }

    @Test
    void deliveryModeIsFoundWithEveryCombinationOfPrecedingProperties() {
        for (int mask = 0; mask < 8; mask++) {
            for (Integer mode : new Integer[] {null, 1, 2}) {
                BasicProperties props = new BasicProperties(
                        (mask & 1) != 0 ? "application/json" : null,
                        (mask & 2) != 0 ? "gzip" : null,
                        (mask & 4) != 0 ? HEADERS : null,
                        mode,
                        // properties after delivery-mode must not matter either
                        5, "corr", "reply", "60000", "id", Instant.ofEpochSecond(1_700_000_000L), "type", "guest",
                        "app", null);
                int expected = mode == null ? 0 : mode;
                assertEquals(expected, peek(props), "mask " + mask + " mode " + mode);
            }
        }
    }

    @Test
    void absentDeliveryModeIsZero() {
        assertEquals(0, peek(BasicProperties.EMPTY));
        assertEquals(0, peek(BasicProperties.EMPTY.withHeaders(HEADERS).withExpiration("1")));
    }

    @Test
    void emptyStringsAndEmptyHeadersAreSkippedCorrectly() {
        BasicProperties props = new BasicProperties("", "", FieldTable.EMPTY, 2,
                null, null, null, null, null, null, null, null, null, null);
        assertEquals(2, peek(props));
    }

    @Test
    void longestShortStringsAreSkippedCorrectly() {
        String max = "x".repeat(255);
        BasicProperties props = new BasicProperties(max, max, null, 2,
                null, null, null, null, null, null, null, null, null, null);
        assertEquals(2, peek(props));
    }

    @Test
    void readsFromTheReaderIndexNotFromZero() {
        ByteBuf raw = Unpooled.buffer();
        try {
            raw.writeBytes(new byte[] {9, 9, 9});
            BasicProperties.EMPTY.withDeliveryMode(2).write(raw);
            raw.readerIndex(3);
            assertEquals(2, PropertyPeek.deliveryMode(raw));
        } finally {
            raw.release();
        }
    }

    @Test
    void continuationFlagWordIsSkipped() {
        // flags: content-type, delivery-mode, continuation; then an empty second flags word
        ByteBuf raw = Unpooled.buffer();
        try {
            raw.writeShort((1 << 15) | (1 << 12) | 1);
            raw.writeShort(0);
            raw.writeByte(4).writeBytes("text".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            raw.writeByte(2);
            assertEquals(2, BasicProperties.read(raw.duplicate()).deliveryMode(), "sanity: the codec agrees");
            assertEquals(2, PropertyPeek.deliveryMode(raw));
        } finally {
            raw.release();
        }
    }
}
